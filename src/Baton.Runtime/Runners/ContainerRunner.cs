using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Docker.DotNet;
using Docker.DotNet.Models;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs a task in a container through the Docker Engine API (Docker, or podman's compatible service).</summary>
/// <remarks>The engine is found through the <c>DOCKER_HOST</c> app setting (default <c>unix:///var/run/docker.sock</c>).
/// The container is named after the attempt's idempotency key, so a redelivered attempt (after a host crash)
/// finds the container the first delivery made and waits for it instead of running the work twice. The step's
/// input is in the file <see cref="InputPath"/> (named by <c>BATON_INPUT_FILE</c>) and, up to
/// <see cref="InputVariableLimit"/> bytes, in <c>BATON_INPUT</c> too, beside <c>BATON_IDEMPOTENCY_KEY</c>, <c>BATON_ATTEMPT</c>,
/// <c>BATON_INSTANCE_ID</c>, <c>BATON_STEP_ID</c>, <c>TRACEPARENT</c> and the binding's env; nothing of the
/// host's environment is passed. Stdout is the output (JSON, or text with <c>output: text</c>); a non-zero exit fails
/// the attempt with the tail of stderr. Cancellation and timeout remove the container, killing it. A <c>format: protobuf</c>
/// task instead finds a <c>baton.task.v1.TaskRequest</c> in <see cref="RequestPath"/> (named by <c>BATON_REQUEST_FILE</c>, with
/// <c>BATON_FORMAT=protobuf</c>) and writes a <c>TaskResult</c> to stdout.</remarks>
public sealed class ContainerRunner : ITaskRunner, IDisposable
{
    /// <summary>The engine's address when the DOCKER_HOST app setting is not set.</summary>
    internal const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>Where the step's input is written inside the container.</summary>
    public const string InputPath = "/baton/input.json";

    /// <summary>Where a protobuf task's request is written inside the container.</summary>
    public const string RequestPath = "/baton/request.pb";

    /// <summary>The largest input also passed in the BATON_INPUT variable; larger ones are only in the file.</summary>
    public const int InputVariableLimit = 32 * 1024;
    private readonly Func<string, string?> _settings;
    private readonly ConcurrentDictionary<string, DockerApi> _engines = new(StringComparer.Ordinal);

    /// <summary>Creates the runner; <paramref name="settings"/> looks up app settings such as DOCKER_HOST.</summary>
    public ContainerRunner(Func<string, string?> settings) => _settings = settings;

    /// <inheritdoc />
    /// <remarks>Takes every container binding but those for <c>aci</c> and those in a service pool (<see cref="PoolRunner"/>), so an
    /// unknown platform fails here with its name.</remarks>
    public bool CanRun(TaskBinding binding) => binding is ContainerBinding { ServicePool: null } c && c.PlatformIn(_settings) != "aci";

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (ContainerBinding)binding;
        if (b.PlatformIn(_settings) is var platform and not "docker")
        {
            return TaskResult.Fail("UnknownPlatform", $"'{platform}' (from {ContainerBinding.PlatformSetting}) is not a container platform: use docker or aci.", retryable: false);
        }
        CreateContainerParameters spec;
        byte[] input;
        var name = ContainerName(context.IdempotencyKey);
        try
        {
            spec = Spec(b, context, name, out input);
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        var host = _settings("DOCKER_HOST") is { Length: > 0 } h ? h : DefaultHost;
        DockerApi engine;
        try
        {
            engine = _engines.GetOrAdd(host, x => new DockerApi(x));
        }
        catch (ArgumentException ex)
        {
            return TaskResult.Fail("InvalidDockerHost", ex.Message, retryable: false);
        }
        try
        {
            return await RunContainerAsync(engine, b, name, spec, input, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RemoveBoundedAsync(engine, name).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            return TaskResult.Fail("ContainerEngineUnavailable", $"No container engine answers at {host}: {ex.Message}");
        }
        catch (DockerApiException ex)
        {
            return TaskResult.Fail("ContainerEngineError", $"The container engine refused to run '{b.Image}': {(int)ex.StatusCode} {EngineMessage(ex)}",
                retryable: (int)ex.StatusCode >= 500);
        }
    }

    /// <summary>The container's name for an attempt: readable, valid for Docker, and unique per idempotency key.</summary>
    public static string ContainerName(string idempotencyKey)
    {
        var readable = new StringBuilder("baton-");
        foreach (var c in idempotencyKey)
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..12];
        var text = readable.ToString();
        return (text.Length > 100 ? text[..100] : text) + "-" + hash;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }

    /// <summary>How long removing a finished or cancelled attempt's container may take before it is left behind.</summary>
    /// <remarks>Cleanup runs after the attempt's own token is done (cancelled or finished), so it has its own bound:
    /// an engine that hangs must not hold a task slot or the hub's shutdown. A container left behind keeps its
    /// attempt's name, so a redelivery of the same attempt finds and reuses it rather than starting another.</remarks>
    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    private static async Task RemoveBoundedAsync(DockerApi engine, string name)
    {
        using var bound = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await engine.RemoveAsync(name, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or System.Net.Sockets.SocketException or IOException or DockerApiException)
        {
            // Left behind; see CleanupTimeout.
        }
    }

    private static async Task<TaskResult> RunContainerAsync(DockerApi engine, ContainerBinding b, string name, CreateContainerParameters spec, byte[] input, CancellationToken ct)
    {
        var existing = await engine.InspectAsync(name, ct).ConfigureAwait(false);
        if (existing is null && !await engine.CreateAsync(spec, ct).ConfigureAwait(false))
        {
            return TaskResult.Fail("ImageNotFound", $"The image '{b.Image}' is not in the container engine's store. Pull, build or import it first.", retryable: false);
        }
        // A container made by an earlier delivery of this attempt may be running or done already: wait for it.
        if (existing?.State?.Status is null or "created")
        {
            await engine.PutFileAsync(name, b.Format.IsProtobuf ? RequestPath : InputPath, input, ct).ConfigureAwait(false);
            await engine.StartAsync(name, ct).ConfigureAwait(false);
        }
        var exit = await engine.WaitAsync(name, ct).ConfigureAwait(false);
        var (stdout, stderr) = await engine.LogsAsync(name, ProcessRunner.MaxStdout, ct).ConfigureAwait(false);
        await RemoveBoundedAsync(engine, name).ConfigureAwait(false);
        return exit != 0 ? TaskResult.Fail("ContainerFailed", $"'{b.Image}' exited with code {exit}. stderr: {TaskOutput.Tail(stderr)}")
            : b.Format.IsProtobuf ? Envelope.TaskEnvelope.Result(stdout, "stdout")
            : TaskOutput.Parse(Encoding.UTF8.GetString(stdout), "stdout", b.TextOutput);
    }


    private static CreateContainerParameters Spec(ContainerBinding b, TaskContext context, string name, out byte[] input)
    {
        var spec = new CreateContainerParameters
        {
            Name = name,
            Image = b.Image,
            Env = [.. Environment(b, context, out input).Select(p => $"{p.Key}={p.Value}")],
            Labels = new Dictionary<string, string>
            {
                ["dev.baton.instance"] = context.InstanceId,
                ["dev.baton.step"] = context.StepId,
                ["dev.baton.attempt"] = context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            HostConfig = new HostConfig { NetworkMode = b.Network },
        };
        if (Command(b, context) is { } command)
        {
            spec.Cmd = command; // left out, the image's own command runs
        }
        return spec;
    }

    /// <summary>The engine's own message from an error answer (its JSON <c>message</c>), else the body as it is.</summary>
    private static string EngineMessage(DockerApiException ex)
    {
        var body = ex.ResponseBody?.Trim() ?? "";
        try
        {
            return body.StartsWith('{') && System.Text.Json.Nodes.JsonNode.Parse(body)?["message"] is System.Text.Json.Nodes.JsonValue m ? m.ToString() : body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    /// <summary>A container task's environment, the same on every platform: the input file's path, the attempt's
    /// variables, the input itself up to <see cref="InputVariableLimit"/> bytes, then the binding's env.</summary>
    /// <remarks><paramref name="input"/> is the file's content: the input's JSON, or a protobuf task's request.</remarks>
    /// <exception cref="ExpressionException">A binding env template fails.</exception>
    internal static List<KeyValuePair<string, string>> Environment(ContainerBinding b, TaskContext context, out byte[] input)
    {
        var ctx = context.TemplateContext();
        var json = context.Input?.ToJsonString() ?? "null";
        var protobuf = b.Format.IsProtobuf;
        input = protobuf ? Envelope.TaskEnvelope.Request(context, context.Input, b.Format.InputMessage) : Encoding.UTF8.GetBytes(json);
        var env = new List<KeyValuePair<string, string>>
        {
            protobuf ? new("BATON_REQUEST_FILE", RequestPath) : new("BATON_INPUT_FILE", InputPath),
        };
        env.AddRange(context.Variables());
        if (protobuf)
        {
            env.Add(new("BATON_FORMAT", "protobuf"));
        }
        else if (input.Length <= InputVariableLimit)
        {
            env.Add(new("BATON_INPUT", json));
        }
        foreach (var (key, template) in b.Environment)
        {
            env.Add(new(key, Values.Text(template.Evaluate(ctx))));
        }
        return env;
    }

    /// <summary>The binding's argv with its templates evaluated; null runs the image's own command.</summary>
    /// <exception cref="ExpressionException">A template fails.</exception>
    internal static string[]? Command(ContainerBinding b, TaskContext context)
    {
        if (b.Command.IsEmpty)
        {
            return null;
        }
        var ctx = context.TemplateContext();
        return [.. b.Command.Select(t => Values.Text(t.Evaluate(ctx)))];
    }
}
