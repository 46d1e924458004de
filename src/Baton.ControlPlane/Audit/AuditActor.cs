namespace Baton.ControlPlane.Audit;

/// <summary>Who took a control action, as the audit log names them: never a key itself.</summary>
/// <param name="Kind"><c>key</c>, <c>token</c>, <c>trigger</c> or <c>system</c>.</param>
/// <param name="Name">The key's name (on the function app, whose host keeps key names to itself, <c>sha256:</c> and the first
/// 12 hex digits of the key's hash), the token's subject, or the trigger.</param>
/// <param name="Tenant">The token's tenant, when there is one.</param>
public sealed record AuditActor(string Kind, string Name, string? Tenant = null)
{
    /// <summary>Where a host's key check leaves the caller it found, for the route to read.</summary>
    public const string ItemKey = "baton.audit.actor";

    /// <summary>A caller nothing identified (an anonymous route).</summary>
    public static AuditActor Anonymous { get; } = new("anonymous", "anonymous");

    /// <summary>A key named by the fingerprint of its value: <c>sha256:</c> and 12 hex digits, which cannot give the key back.</summary>
    public static AuditActor KeyFingerprint(string key) =>
        new("key", "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12]);

    /// <summary>The caller a bearer principal names: its subject (<c>oid</c>, else <c>sub</c>) and tenant (<c>tid</c>).</summary>
    public static AuditActor? FromClaims(IEnumerable<(string Type, string Value)> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var list = claims.ToList();
        string? Find(params string[] types) => types.Select(t => list.FirstOrDefault(c => c.Type == t).Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return Find("oid", "http://schemas.microsoft.com/identity/claims/objectidentifier", "sub", System.Security.Claims.ClaimTypes.NameIdentifier) is { } subject
            ? new AuditActor("token", subject, Find("tid", "http://schemas.microsoft.com/identity/claims/tenantid"))
            : null;
    }
}
