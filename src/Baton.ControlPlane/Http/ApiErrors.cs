using Baton.Core.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Baton.Abstractions;

namespace Baton.ControlPlane.Http;

/// <summary>The one map from a failure to the RFC 7807 problem a client gets, for both hosts; no stack trace ever reaches a client.</summary>
/// <remarks>Client errors by type; anything else (an internal <see cref="ArgumentException"/> included) is a 500 whose
/// detail says the error was logged. <c>baton serve</c> applies it in its exception handler, the function app around each
/// function.</remarks>
public static class ApiErrors
{
    /// <summary>The problem a failure becomes.</summary>
    public static ProblemDetails Map(Exception? ex) => ex switch
    {
        BadHttpRequestException { StatusCode: 413 } => Problems.Details(413, "payload-too-large", "The request body is too large.",
            "Send a smaller body, or raise FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (bytes) on the host."),
        BadHttpRequestException b => Problems.Details(b.StatusCode, "bad-request", "The request could not be read.", b.Message),
        Baton.Abstractions.ProblemException p => Problems.Details(p.Status, p.Slug, p.Title, p.Message, p.Extensions.ToDictionary()),
        InvalidInputException i => Problems.Details(400, "invalid-input", InvalidInputException.Summary,
            string.Join("; ", i.Errors), new Dictionary<string, object?> { ["errors"] = i.Errors }),
        DefinitionException d => Problems.Details(400, "invalid-definition", "The definition is invalid.",
            $"{d.Diagnostics.Count} problem(s); see errors.", new Dictionary<string, object?> { ["errors"] = DiagnosticsJson(d.Diagnostics) }),
        InvalidInstanceIdException v => Problems.Details(400, "invalid-instance-id", "The instance id is invalid.", v.Message),
        Baton.Abstractions.InvalidHistoryPointException h => Problems.Details(400, "bad-history-point", "That point is not in the instance's history.", h.Message),
        InstanceExistsException e => Problems.Details(409, "instance-exists", "The instance id is taken.",
            $"{e.Message} Choose another id, or read the existing instance."),
        VersionConflictException v => Problems.Details(409, "version-conflict", "That version exists with different content.",
            $"{v.Message} Give the new content a new metadata.version."),
        InvalidContinuationTokenException t => Problems.Details(400, "bad-argument", "The continuation token is invalid.", t.Message),
        Baton.Abstractions.NotOnThisBackendException n => Problems.Details(501, "not-on-this-backend", "This backend does not offer that.", n.Message),
        _ => Problems.Details(500, "internal", "The server failed to handle the request.",
            "The error was logged with its details. Retry later, or report it with the time of the request."),
    };

    /// <summary>The problem result a failure becomes.</summary>
    public static IResult Result(Exception ex) => TypedResults.Problem(Map(ex));

    /// <summary>Definition diagnostics as the <c>errors</c> member shows them: code, file, line, column, path, message, fix.</summary>
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
