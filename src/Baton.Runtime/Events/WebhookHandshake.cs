namespace Baton.Runtime.Events;

/// <summary>The CloudEvents webhook validation handshake (abuse protection), answered the same way by the server and the function app.</summary>
/// <remarks>A sender first sends <c>OPTIONS</c> with <c>WebHook-Request-Origin</c>; the endpoint allows it by echoing
/// the origin in <c>WebHook-Allowed-Origin</c> with no rate limit. Event Grid's own handshake (a
/// <c>SubscriptionValidationEvent</c> in the body) is answered where events are read.</remarks>
public static class WebhookHandshake
{
    /// <summary>The request header that names the sender.</summary>
    public const string RequestOriginHeader = "WebHook-Request-Origin";

    /// <summary>The detail of the 400 answered when the header is missing.</summary>
    public const string MissingOrigin = "The CloudEvents webhook handshake sends OPTIONS with WebHook-Request-Origin; nothing else is answered here.";

    /// <summary>The response headers that allow <paramref name="origin"/>, or null when the request carried none (answer 400).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Answer(string? origin) =>
        string.IsNullOrEmpty(origin)
            ? null
            : [new("WebHook-Allowed-Origin", origin), new("WebHook-Allowed-Rate", "*")];
}
