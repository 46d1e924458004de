using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace Baton.Host.Ui;

/// <summary>Serves the designer and monitor (the built web UI) at <c>/ui/</c>; <c>/</c> and <c>/ui</c> lead there.</summary>
/// <remarks>The files are the committed build of <c>ui/</c>, copied beside the host's assembly (<c>wwwroot/ui</c>), so a
/// fresh clone serves the UI without Node.js. They hold no data and need no key; the UI asks for a key and sends it
/// with each API call. Every file is sent with a Content-Security-Policy that allows only this origin (styles inline,
/// as the editor sets them) and no framing.</remarks>
internal static class UiFiles
{
    /// <summary>Where the built UI is read from.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot", "ui");

    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static void Use(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (HttpMethods.IsGet(context.Request.Method) && (path == "/" || path == "/ui"))
            {
                context.Response.Redirect("/ui/");
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        if (!Directory.Exists(Root))
        {
            return;
        }
        var files = new PhysicalFileProvider(Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/ui" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/ui",
            OnPrepareResponse = ctx =>
            {
                var headers = ctx.Context.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = ctx.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
    }
}
