using Baton.Core.Definitions;
using Baton.Runtime.Hub;
using Baton.Runtime.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Host.Http;

/// <summary>Turns every failure into RFC 7807 problem details; no stack trace ever reaches a client.</summary>
internal static class ErrorHandling
{
    public static void Use(WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var ex = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problem = Map(ex);
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

    /// <summary>The problem a failure becomes: client errors by type, anything else (including an internal ArgumentException) a 500.</summary>
    internal static ProblemDetails Map(Exception? ex) => ex switch
    {
        BadHttpRequestException { StatusCode: 413 } => Problems.Details(413, "payload-too-large", "The request body is too large.",
            "Send a smaller body, or raise FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (bytes) on the host."),
        BadHttpRequestException b => Problems.Details(b.StatusCode, "bad-request", "The request could not be read.", b.Message),
        Runtime.Problems.ProblemException p => Problems.Details(p.Status, p.Slug, p.Title, p.Message, p.Extensions.ToDictionary()),
        InvalidInputException i => Problems.Details(400, "invalid-input", InvalidInputException.Summary,
            string.Join("; ", i.Errors), new Dictionary<string, object?> { ["errors"] = i.Errors }),
        DefinitionException d => Problems.Details(400, "invalid-definition", "The definition is invalid.",
            $"{d.Diagnostics.Count} problem(s); see errors.", new Dictionary<string, object?> { ["errors"] = DiagnosticsJson(d.Diagnostics) }),
        InvalidInstanceIdException v => Problems.Details(400, "invalid-instance-id", "The instance id is invalid.", v.Message),
        Runtime.Backends.InvalidHistoryPointException h => Problems.Details(400, "bad-history-point", "That point is not in the instance's history.", h.Message),
        InstanceExistsException e => Problems.Details(409, "instance-exists", "The instance id is taken.",
            $"{e.Message} Choose another id, or read the existing instance."),
        VersionConflictException v => Problems.Details(409, "version-conflict", "That version exists with different content.",
            $"{v.Message} Give the new content a new metadata.version."),
        Auth.KeyLockedException k => Problems.Details(409, "key-locked", "That key cannot be changed here.", k.Message),
        InvalidContinuationTokenException t => Problems.Details(400, "bad-argument", "The continuation token is invalid.", t.Message),
        Auth.InvalidKeyException k => Problems.Details(400, "bad-argument", "The key name or value is invalid.", k.Message),
        Runtime.Backends.NotOnThisBackendException n => Problems.Details(501, "not-on-this-backend", "This backend does not offer that.", n.Message),
        _ => Problems.Details(500, "internal", "The server failed to handle the request.",
            "The error was logged with its details. Retry later, or report it with the time of the request."),
    };

    public static IEnumerable<object> DiagnosticsJson(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(d => new
    {
        code = d.Code,
        file = d.Location.File,
        line = d.Location.Line,
        column = d.Location.Column,
        path = d.Path,
        message = d.Message,
        fix = d.Fix,
    });
}
