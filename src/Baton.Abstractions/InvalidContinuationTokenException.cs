namespace Baton.Abstractions;

/// <summary>Thrown when a listing is given a continuation token no earlier page produced; a client error.</summary>
public sealed class InvalidContinuationTokenException(string token, Exception? inner = null)
    : ArgumentException($"'{(token.Length > 80 ? token[..80] + "..." : token)}' is not a continuation token from a previous page.", nameof(token), inner);
