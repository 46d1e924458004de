namespace Baton.ControlPlane.Http;

/// <summary>A client error that becomes a 400 problem with the given slug.</summary>
internal sealed class BadRequestException(string slug, string title, string detail) : Baton.Abstractions.ProblemException(400, slug, title, detail);
