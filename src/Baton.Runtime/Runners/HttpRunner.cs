using Baton.Core;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Calls HTTP endpoints: method, URL, headers and body from templates; a JSON response becomes the output.</summary>
/// <remarks>Sends <c>Idempotency-Key</c> on every request, and the attempt's W3C <c>traceparent</c> when traced. Without a body template, POST, PUT and PATCH send the
/// step's input as JSON. A non-2xx status fails the attempt with the status and an excerpt of the body;
/// 408, 429 and 5xx are retryable, other statuses are not. Connections to non-public addresses are refused
/// (see <see cref="AddressPolicy"/>) unless the binding allows them.</remarks>
public sealed class HttpRunner : ITaskRunner, IDisposable
{
    private readonly HttpClient _client = GuardedConnect.PerRequestClient(Timeout.InfiniteTimeSpan);
    private readonly ServedProcesses _served = new();

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is HttpBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (HttpBinding)binding;
        if (b.Serve is { } serve && await _served.EnsureAsync(serve, cancellationToken).ConfigureAwait(false) is { } notServed)
        {
            return notServed;
        }
        using var request = BuildRequest(b, context, out var error);
        if (request is null)
        {
            return error!;
        }
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (GuardedConnect.Refusal(ex) is { } refused)
        {
            return TaskResult.Fail("AddressRefused", refused.Message, retryable: false);
        }
        catch (HttpRequestException ex)
        {
            return TaskResult.Fail("HttpRequestFailed", $"{b.Method} {request.RequestUri}: {ex.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code is < 200 or > 299)
            {
                var excerpt = body.Length > 500 ? body[..500] + "..." : body;
                return TaskResult.Fail("HttpError", $"{b.Method} {request.RequestUri} returned {code} {response.ReasonPhrase}: {excerpt}", TaskResult.IsTransient(code));
            }
            if (string.IsNullOrWhiteSpace(body))
            {
                return TaskResult.Ok(null);
            }
            try
            {
                return TaskResult.Ok(ValueLimits.Parse(body));
            }
            catch (JsonException)
            {
                return TaskResult.Ok(new JsonObject { ["status"] = code, ["body"] = body });
            }
        }
    }

    // The message with every secret value the request read replaced.
    private static string Redacted(string message, JsonObject secrets) =>
        secrets.Select(p => p.Value?.GetValue<string>()).OfType<string>().Where(v => v.Length > 0)
            .Aggregate(message, (text, value) => text.Replace(value, "***", StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _served.Dispose();
    }

    private static HttpRequestMessage? BuildRequest(HttpBinding b, TaskContext context, out TaskResult? error)
    {
        error = null;
        var ctx = context.TemplateContext();
        JsonObject? secrets = null;
        try
        {
            (var uri, error) = GuardedConnect.HttpUrl(b.Url.EvaluateUrl(ctx));
            if (uri is null)
            {
                return null;
            }
            var request = new HttpRequestMessage(new HttpMethod(b.Method), uri);
            GuardedConnect.Allow(request, b.AllowPrivateNetwork);
            var body = b.Body is { } tree ? tree.Evaluate(ctx) : b.Method is "POST" or "PUT" or "PATCH" ? context.Input : null;
            if (body is not null || b.Body is not null)
            {
                request.Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
            }
            request.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);
            if (context.OutgoingTraceParent is { } traceParent && !request.Headers.Contains("traceparent"))
            {
                request.Headers.TryAddWithoutValidation("traceparent", traceParent);
            }
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var headerContext = ctx;
            if (!b.Secrets.IsEmpty)
            {
                // Headers alone may read app settings the host lets bindings read (an API key), at dispatch.
                secrets = [];
                foreach (var setting in b.Secrets)
                {
                    var (value, refused) = BindingSecrets.Read(context.AppSetting ?? (_ => null), b.Name, setting, "a header value");
                    if (refused is not null)
                    {
                        request.Dispose();
                        error = refused;
                        return null;
                    }
                    secrets[setting] = value;
                }
                headerContext = new EvaluationContext(new Dictionary<string, JsonNode?>(ctx.Roots, StringComparer.Ordinal) { ["secrets"] = secrets }, ctx.Now, ctx.Seed);
            }
            foreach (var (name, template) in b.Headers)
            {
                var value = Values.Text(template.Evaluate(headerContext));
                // Headers are added without validation, which would send a line break as written: a value could add
                // headers of its own, or a body. Control characters other than tab are refused instead.
                if (value.Any(c => c is < ' ' and not '\t' or '\x7f'))
                {
                    request.Dispose();
                    error = TaskResult.Fail("InvalidHeader", $"The value of header '{name}' holds a line break or another control character.", retryable: false);
                    return null;
                }
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content?.Headers.Remove(name);
                    request.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return request;
        }
        catch (ExpressionException ex)
        {
            // A message may quote a value it could not use; a secret's value never goes into history.
            error = TaskResult.Fail("ExpressionError", secrets is null ? ex.Message : Redacted(ex.Message, secrets), retryable: false);
            return null;
        }
    }
}
