using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Baton.Host.Auth;

/// <summary>Optional Entra ID / JWT bearer tokens beside the function keys.</summary>
/// <remarks>Off unless BATON_JWT_AUDIENCE is set. With BATON_JWT_AUTHORITY (e.g.
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>) signing keys come from the authority's metadata; with
/// BATON_JWT_SIGNING_KEY (base64, HMAC-SHA256) tokens are checked against that key and BATON_JWT_ISSUER. A valid
/// token grants the function level, and the admin level when it carries the role (or scope) named by
/// BATON_JWT_ADMIN_ROLE (default <c>Baton.Admin</c>). An invalid or expired token (1 minute of clock skew) grants nothing.</remarks>
public static class BearerAuth
{
    /// <summary>Whether bearer tokens are configured.</summary>
    public static bool Enabled(IReadOnlyDictionary<string, string?> env) => env.GetValueOrDefault("BATON_JWT_AUDIENCE") is { Length: > 0 };

    /// <summary>The role or scope that grants the admin level.</summary>
    public static string AdminRole(IReadOnlyDictionary<string, string?> env) => env.GetValueOrDefault("BATON_JWT_ADMIN_ROLE") is { Length: > 0 } r ? r : "Baton.Admin";

    /// <summary>Adds JWT bearer validation when configured.</summary>
    public static void Add(IServiceCollection services, IReadOnlyDictionary<string, string?> env)
    {
        if (!Enabled(env))
        {
            return;
        }
        var authority = env.GetValueOrDefault("BATON_JWT_AUTHORITY");
        var key = env.GetValueOrDefault("BATON_JWT_SIGNING_KEY");
        if (string.IsNullOrEmpty(authority) && string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException("BATON_JWT_AUDIENCE is set, but neither BATON_JWT_AUTHORITY nor BATON_JWT_SIGNING_KEY says how to check token signatures.");
        }
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            if (!string.IsNullOrEmpty(authority))
            {
                o.Authority = authority;
            }
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = env["BATON_JWT_AUDIENCE"],
                ValidateAudience = true,
                ValidIssuer = env.GetValueOrDefault("BATON_JWT_ISSUER"),
                ValidateIssuer = !string.IsNullOrEmpty(authority) || !string.IsNullOrEmpty(env.GetValueOrDefault("BATON_JWT_ISSUER")),
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                IssuerSigningKey = string.IsNullOrEmpty(key) ? null : new SymmetricSecurityKey(Convert.FromBase64String(key)),
                RoleClaimType = "roles",
            };
        });
    }

    /// <summary>Turns on authentication in the pipeline when configured.</summary>
    public static void Use(WebApplication app, IReadOnlyDictionary<string, string?> env)
    {
        if (Enabled(env))
        {
            app.UseAuthentication();
        }
    }
}
