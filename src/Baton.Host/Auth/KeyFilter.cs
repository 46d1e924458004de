using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Host.Auth;

/// <summary>Requires a key (x-functions-key or aeg-sas-key header, code / systemKey query) or, when configured, a bearer token of at least a given level.</summary>
/// <remarks>No key or an unknown key: 401. A function key where the admin key is needed: 403. Either way the request
/// never reaches the endpoint, so nothing changes.</remarks>
public static class KeyFilter
{
    /// <summary>The header that carries a key.</summary>
    public const string Header = "x-functions-key";

    /// <summary>The header the Event Grid client sends its access key in; a host key there counts like one in <see cref="Header"/>.</summary>
    public const string EventGridHeader = "aeg-sas-key";

    /// <summary>Adds the key check to an endpoint (or group).</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, AuthLevel level) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredLevel(level)).AddEndpointFilter(async (context, next) =>
        {
            if (level == AuthLevel.Anonymous)
            {
                return await next(context).ConfigureAwait(false);
            }
            var http = context.HttpContext;
            var bearer = http.RequestServices.GetRequiredService<BearerPolicy>().LevelOf(http.User);
            if (bearer is { } fromToken)
            {
                http.Items[ControlPlane.Audit.AuditActor.ItemKey] = ControlPlane.Audit.AuditActor.FromClaims(http.User.Claims.Select(c => (c.Type, c.Value)))
                    ?? new ControlPlane.Audit.AuditActor("token", http.User.Identity?.Name ?? "unnamed");
                return fromToken >= level
                    ? await next(context).ConfigureAwait(false)
                    : Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "This operation needs the admin level.",
                        "The bearer token is valid but lacks the admin role; definitions, purge and keys are admin operations.");
            }
            var presented = http.Request.Headers[Header].FirstOrDefault()
                ?? http.Request.Headers[EventGridHeader].FirstOrDefault()
                ?? http.Request.Query["code"].FirstOrDefault()
                ?? http.Request.Query["systemKey"].FirstOrDefault();
            var (granted, keyName) = http.RequestServices.GetRequiredService<HostKeys>().Identify(presented);
            if (granted is null)
            {
                return Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized",
                    presented is null ? "A key is required." : "The key is not valid.",
                    $"Pass a key in the {Header} header or the code query parameter.");
            }
            http.Items[ControlPlane.Audit.AuditActor.ItemKey] = new ControlPlane.Audit.AuditActor("key", keyName!);
            if (granted < level)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "This operation needs the admin key.",
                    "Definitions, purge and keys are admin operations; a function key cannot call them.");
            }
            return await next(context).ConfigureAwait(false);
        });
}
