using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Routing;
using Baton.ControlPlane.Ui;
using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routes;

/// <summary>The designer and monitor at <c>/ui/</c> (anonymous static files; the UI asks for a key), and <c>/ui</c> leading there.</summary>
internal static class UiRoutes
{
    public static IEnumerable<ApiRoute> All =>
    [
        new("UiFiles", "GET", "ui/{*path}", AuthLevel.Anonymous, "UI", "Serves the designer and monitor.",
            c => Task.FromResult(UiFiles.Serve(c.Http, c.OptionalRoute("path")))),
        // Routing takes /ui/ for this template too (a trailing slash does not count): that is the UI's index.
        new("UiEntry", "GET", "ui", AuthLevel.Anonymous, "UI", "Leads to the designer and monitor at /ui/.",
            c => Task.FromResult(c.Request.Path.Value?.EndsWith('/') == true ? UiFiles.Serve(c.Http, null) : TypedResults.Redirect("/ui/"))),
        // The function app leaves the root to the Functions host.
        new("Root", "GET", "", AuthLevel.Anonymous, "UI", "Leads to the designer and monitor at /ui/.",
            _ => Task.FromResult<IResult>(TypedResults.Redirect("/ui/"))) { Hosts = ApiHosts.Serve },
    ];
}
