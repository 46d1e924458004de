using System.Security.Cryptography;
using System.Text;

namespace Baton.Abstractions;

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

    /// <summary>The proof that a report on an attempt passed the token check: what the control plane attaches when it
    /// passes a checked report on, and what only a holder of the secret can make.</summary>
    /// <remarks>The Durable backend delivers reports as external events, which anyone allowed to raise events could raise
    /// by name; the orchestrator accepts one only when the SHA-256 of its proof (<see cref="Seal"/>) equals the seal the
    /// attempt's activity recorded when it handed the attempt over, so a report without the proof changes nothing.</remarks>
    public string ReportProof(string instanceId, string stepId, int attempt) =>
        Base64Url(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"report\n{instanceId}\n{stepId}\n{attempt}"))));

    /// <summary>The seal of a proof: its SHA-256 in lowercase hex, safe to record in history (the proof cannot be derived from it).</summary>
    public static string Seal(string proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(proof)));
    }

    private byte[] Mac(string idempotencyKey, string eventType) =>
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(eventType + "\n" + idempotencyKey));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
