using Baton.ControlPlane.Auth;

namespace Baton.ControlPlane.Routing;

/// <summary>One route of the API: its name, HTTP method, template, key level, OpenAPI tag and summary, and handler.</summary>
/// <param name="Name">The operation's name: the function's name in the function app, the endpoint's name in <c>baton serve</c>,
/// the OpenAPI operation id.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route template without a leading slash, in ASP.NET Core syntax (<c>api/instances/{id}</c>); the
/// function app's host.json sets an empty route prefix, so the paths are the same in both hosts.</param>
/// <param name="Level">The key the caller must present.</param>
/// <param name="Tag">The OpenAPI tag grouping the route.</param>
/// <param name="Summary">One sentence saying what the route does.</param>
/// <param name="Handler">The implementation.</param>
/// <remarks><see cref="Hosts"/> says which hosts serve it: routes Durable Functions' own HTTP API or the Functions host
/// already serve in the function app (<c>/runtime/webhooks/durabletask/...</c>, <c>/admin/host/keys</c>) are <c>baton
/// serve</c>'s alone. <see cref="Aliases"/> are further templates <c>baton serve</c> answers with the same handler.</remarks>
public sealed record ApiRoute(string Name, string Method, string Template, AuthLevel Level, string Tag, string Summary, ApiHandler Handler)
{
    /// <summary>The hosts that serve the route.</summary>
    public ApiHosts Hosts { get; init; } = ApiHosts.Both;

    /// <summary>Further templates <c>baton serve</c> answers on with the same handler.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Runs the handler for a request, and records it in the audit log when the route changes something
    /// (<see cref="Audit.AuditTrail.Audits"/>), with the status it was answered with, failures included.</summary>
    /// <remarks>Both hosts run every route through here, so each records alike.</remarks>
    public async Task<Microsoft.AspNetCore.Http.IResult> RunAsync(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Audit.AuditTrail.Audits(this))
        {
            return await Handler(call).ConfigureAwait(false);
        }
        Microsoft.AspNetCore.Http.IResult result;
        try
        {
            result = await Handler(call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await Audit.AuditTrail.RecordAsync(this, call, ex is Abstractions.ProblemException p ? p.Status : Http.ApiErrors.Map(ex).Status ?? 500, null).ConfigureAwait(false);
            throw;
        }
        var status = result is Microsoft.AspNetCore.Http.IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        await Audit.AuditTrail.RecordAsync(this, call, status, result).ConfigureAwait(false);
        return result;
    }
}
