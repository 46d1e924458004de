using Baton.ControlPlane.Auth;

namespace Baton.Host.Auth;

/// <summary>Endpoint metadata naming the level an endpoint requires, so the route table can be audited.</summary>
public sealed record RequiredLevel(AuthLevel Level);
