using System.Security.Cryptography;
using System.Text;

namespace Baton.Runtime.Events;

/// <summary>Issues and checks the per-attempt tokens that prove a report comes from the service that was handed the task.</summary>
/// <remarks>A token is an HMAC-SHA256, under a secret kept with the hub's store, of the task's event type and the
/// attempt's idempotency key, in base64url. It travels in the <c>.triggered</c> event's <c>batontoken</c> extension and
/// must come back in every reply. It cannot be guessed without the secret, it is the same on every redelivery of an
/// attempt, and a token issued for one event type does not vouch for another: so only attempts handed to an
/// <c>event</c> binding can be ended from outside, and only by events of that binding's type.</remarks>
public sealed class ReplyTokens
{
    /// <summary>The CloudEvents extension attribute (and Event Grid <c>data</c> field) that carries the token.</summary>
    public const string Attribute = "batontoken";

    private readonly byte[] _secret;

    /// <summary>Creates the issuer over a secret of at least 32 bytes.</summary>
    public ReplyTokens(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("A reply-token secret needs at least 32 bytes.", nameof(secret));
        }
        _secret = (byte[])secret.Clone();
    }

    /// <summary>The token for one attempt of a task whose events have the given type (without its phase suffix).</summary>
    public string Issue(string idempotencyKey, string eventType) => Base64Url(Mac(idempotencyKey, eventType));

    /// <summary>True when <paramref name="token"/> is the one issued for that attempt and event type.</summary>
    /// <remarks>Compares in constant time.</remarks>
    public bool Verify(string idempotencyKey, string eventType, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Issue(idempotencyKey, eventType));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private byte[] Mac(string idempotencyKey, string eventType) =>
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(eventType + "\n" + idempotencyKey));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
