using Baton.ControlPlane.Auth;
using System.Security.Claims;

namespace Baton.Host.Auth;

/// <summary>Maps an authenticated bearer principal to an authorization level.</summary>
public sealed record BearerPolicy(bool Enabled, string AdminRole)
{
    /// <summary>Admin with the admin role or scope, Function for any other valid token, null when there is none.</summary>
    public AuthLevel? LevelOf(ClaimsPrincipal user)
    {
        if (!Enabled || user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var roles = user.FindAll("roles").Select(c => c.Value)
            .Concat(user.FindAll("scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return roles.Contains(AdminRole, StringComparer.Ordinal) ? AuthLevel.Admin : AuthLevel.Function;
    }
}
