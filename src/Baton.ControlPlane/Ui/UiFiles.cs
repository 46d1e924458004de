using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace Baton.ControlPlane.Ui;

/// <summary>Serves the designer and monitor (the built web UI) at <c>/ui/</c>, the same way in both hosts.</summary>
/// <remarks>The files are the committed build of <c>ui/</c>, copied beside the app's assembly (<c>wwwroot/ui</c>), so a
/// fresh clone serves the UI without Node.js. They hold no data and need no key; the UI asks for a key and sends it
/// with each API call. Every file is sent with a Content-Security-Policy that allows only this origin (styles inline,
/// as the editor sets them) and no framing; <c>index.html</c> is never cached, the hashed assets for a year. A path
/// outside the build (<c>..</c>, an absolute path) is a 404, as is a file that is not there.</remarks>
internal static class UiFiles
{
    /// <summary>Where the built UI is read from.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot", "ui");

    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>The file at a path under <c>/ui/</c> (empty: <c>index.html</c>), or a 404 problem.</summary>
    public static IResult Serve(HttpContext http, string? path)
    {
        ArgumentNullException.ThrowIfNull(http);
        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full))
        {
            return Http.Problems.Create(StatusCodes.Status404NotFound, "not-found", "Not found.", $"The UI has no file '{relative}'.");
        }
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = Path.GetFileName(full) == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
        var type = Types.TryGetContentType(full, out var known) ? known : "application/octet-stream";
        return TypedResults.PhysicalFile(full, type, enableRangeProcessing: false);
    }
}
