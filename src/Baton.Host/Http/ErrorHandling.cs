using Baton.ControlPlane.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Host.Http;

/// <summary>Turns every failure into RFC 7807 problem details through <see cref="ApiErrors"/>, and every bare status page into one too.</summary>
internal static class ErrorHandling
{
    public static void Use(WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var ex = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problem = ApiErrors.Map(ex);
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Host");
                if (problem.Status >= 500)
                {
                    Logs.Unhandled(logger, ex!, context.Request.Method, context.Request.Path);
                }
                else
                {
                    Logs.Refused(logger, context.Request.Method, context.Request.Path, problem.Status ?? 400, problem.Type ?? "", problem.Title ?? "");
                }
                context.Response.StatusCode = problem.Status ?? 500;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false);
            },
            // The handler above logs each failure once, by kind: the middleware's own "unhandled exception" entry
            // (an error with a stack trace, even for a 400) is never wanted.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(async ctx =>
        {
            var response = ctx.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }
            var (slug, title, detail) = response.StatusCode switch
            {
                404 => ("not-found", "Not found.", $"No endpoint serves {ctx.HttpContext.Request.Method} {ctx.HttpContext.Request.Path}. See /openapi/v1.json."),
                405 => ("method-not-allowed", "Method not allowed.", $"{ctx.HttpContext.Request.Path} does not accept {ctx.HttpContext.Request.Method}."),
                _ => ("error", "Request failed.", $"Status {response.StatusCode}."),
            };
            await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx.HttpContext,
                ProblemDetails = Problems.Details(response.StatusCode, slug, title, detail),
            }).ConfigureAwait(false);
        });
    }
}
