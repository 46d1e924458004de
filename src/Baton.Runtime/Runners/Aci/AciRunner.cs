using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Azure.Storage.Blobs;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners.Aci;

/// <summary>Runs container tasks on Azure Container Instances through Azure Resource Manager: one container group per
/// task attempt, named by the attempt's idempotency key.</summary>
/// <remarks>
/// <para>A redelivered attempt (after a host crash) finds the group the first delivery created and waits for it, so
/// the work runs once. Groups use restart policy Never and the binding's <c>cpu</c> / <c>memory_gb</c>. The container
/// gets the same environment as on Docker (see <see cref="ContainerRunner"/>), the input file at
/// <see cref="ContainerRunner.InputPath"/> from a secret volume (inputs up to <see cref="SecretInputLimit"/> bytes),
/// and, when a data container is configured, <c>BATON_INPUT_URL</c> (read) and <c>BATON_OUTPUT_URL</c> (write: a
/// <c>PUT</c> with <c>x-ms-blob-type: BlockBlob</c>) for the attempt's blobs. The output is the output blob when the
/// container wrote one, else the container's log (ACI keeps stdout and stderr in one log).</para>
/// <para>The group is polled until its container terminates, its log read, and the group deleted: when done, when
/// the attempt is cancelled or times out, and when the image cannot be pulled. Resource Manager's throttling (429)
/// is retried after the server's <c>Retry-After</c>. Authentication is <see cref="DefaultAzureCredential"/> (the
/// app's managed identity, <c>AZURE_CLIENT_ID</c>) unless a credential is given.</para>
/// </remarks>
public sealed class AciRunner : ITaskRunner
{
    /// <summary>The largest input also sent in the group's secret volume; larger ones travel only by Blob URL.</summary>
    public const int SecretInputLimit = 256 * 1024;

    private static readonly ResourceType GroupType = new(ContainerGroup.ResourceType);
    private readonly Func<string, string?> _settings;
    private readonly BlobContainerClient? _data;
    private readonly Lazy<TokenCredential> _credential;
    private readonly HttpPipelineTransport? _transport;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string, Uri), Arm> _clients = new();

    /// <summary>A Resource Manager client for generic resources, and a pipeline with the same options and credential for
    /// the one call that is not a resource (a container's log).</summary>
    private sealed record Arm(ArmClient Client, HttpPipeline Pipeline, Uri Endpoint);

    /// <summary>Creates the runner.</summary>
    /// <param name="settings">Looks up app settings (<see cref="AciSettings"/>, <c>BATON_CONTAINER_PLATFORM</c>).</param>
    /// <param name="time">The clock the blobs' shared access signatures are dated by.</param>
    /// <param name="data">The Blob container for attempts' input and output blobs; null sends inputs only in the group.</param>
    /// <param name="credential">How to authenticate to Resource Manager; null uses <see cref="DefaultAzureCredential"/>.</param>
    /// <param name="transport">The HTTP transport, for endpoints with their own certificates (tests); null uses the default.</param>
    public AciRunner(Func<string, string?> settings, TimeProvider time, BlobContainerClient? data = null, TokenCredential? credential = null, HttpPipelineTransport? transport = null)
    {
        _settings = settings;
        _time = time;
        _data = data;
        _credential = new(() => credential ?? new DefaultAzureCredential());
        _transport = transport;
    }

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is ContainerBinding c && c.PlatformIn(_settings) == "aci";

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (ContainerBinding)binding;
        if (AciSettings.Read(_settings, out var problem) is not { } settings)
        {
            return TaskResult.Fail("MissingSetting", problem!, retryable: false);
        }
        if (b.Format.IsProtobuf)
        {
            // Container Instances hand logs back as text, which cannot carry a protobuf result's bytes.
            return TaskResult.Fail("FormatNotSupported", $"'{b.Name}' speaks the protobuf envelope, which Azure Container Instances cannot return " +
                "(their logs are text). Run it with platform: docker, or as an event task, or use format: json.", retryable: false);
        }
        List<KeyValuePair<string, string>> environment;
        string[]? command;
        byte[] input;
        try
        {
            environment = ContainerRunner.Environment(b, context, out input);
            command = ContainerRunner.Command(b, context);
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        if (input.Length > SecretInputLimit && _data is null)
        {
            return TaskResult.Fail("InputTooLarge", $"The input of '{b.Name}' is {input.Length} bytes; a container group carries at most {SecretInputLimit} " +
                "without a data container. Configure Blob storage for step data, or pass a smaller input.", retryable: false);
        }
        var arm = _clients.GetOrAdd((settings.SubscriptionId, settings.Endpoint), k => Client(k.Item1, k.Item2));
        var name = ContainerGroup.Name(context.IdempotencyKey);
        var id = new ResourceIdentifier($"/subscriptions/{settings.SubscriptionId}/resourceGroups/{settings.ResourceGroup}/providers/{ContainerGroup.ResourceType}/{name}");
        var blobs = _data is null ? null : new AttemptBlobs(_data, context.IdempotencyKey, _time);
        try
        {
            return await RunGroupAsync(arm, id, b, context, settings, environment, command, input, blobs, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CleanUpAsync(arm, id, blobs).ConfigureAwait(false);
            throw;
        }
        catch (AuthenticationFailedException ex)
        {
            return TaskResult.Fail("AzureAuthenticationFailed", $"No Azure credential for Resource Manager: {ex.Message.Split('\n')[0]}", retryable: false);
        }
        catch (RequestFailedException ex)
        {
            return Refused(ex, b);
        }
    }

    private Arm Client(string subscriptionId, Uri endpoint)
    {
        var options = new ArmClientOptions { Environment = new ArmEnvironment(endpoint, ArmEnvironment.AzurePublicCloud.Audience) };
        options.SetApiVersion(GroupType, ContainerGroup.ApiVersion);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 6;
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        if (_transport is not null)
        {
            options.Transport = _transport;
        }
        var scope = ArmEnvironment.AzurePublicCloud.DefaultScope;
        return new Arm(new ArmClient(_credential.Value, subscriptionId, options),
            HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(_credential.Value, scope)), endpoint);
    }

    private async Task<TaskResult> RunGroupAsync(Arm arm, ResourceIdentifier id, ContainerBinding b, TaskContext context, AciSettings settings,
        List<KeyValuePair<string, string>> environment, string[]? command, byte[] input, AttemptBlobs? blobs, CancellationToken ct)
    {
        if (await GetAsync(arm, id, ct).ConfigureAwait(false) is null)
        {
            if (blobs is not null)
            {
                environment.AddRange(await blobs.PrepareAsync(input, b.Timeout, ct).ConfigureAwait(false));
            }
            var inFile = input.Length <= SecretInputLimit;
            if (!inFile)
            {
                // Too large for the group's secret volume: no input file, only BATON_INPUT_URL.
                environment.RemoveAll(v => v.Key == "BATON_INPUT_FILE");
            }
            var body = ContainerGroup.Body(b, settings.Location, environment, command, inFile ? input : null, ContainerGroup.Tags(context));
            var data = new GenericResourceData(new AzureLocation(settings.Location)) { Properties = BinaryData.FromString(body["properties"]!.ToJsonString()) };
            foreach (var (key, value) in body["tags"]!.AsObject())
            {
                data.Tags[key] = (string)value!;
            }
            try
            {
                await arm.Client.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Started, id, data, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && !IsQuota(ex))
            {
                // Another delivery of this attempt is creating the group: wait for that one.
            }
        }
        while (true)
        {
            var properties = await GetAsync(arm, id, ct).ConfigureAwait(false);
            if (properties is null)
            {
                return TaskResult.Fail("ContainerGroupGone", $"The container group {id.Name} for '{b.Name}' was deleted before its container finished.");
            }
            var state = ContainerGroup.State(properties);
            switch (state.Phase)
            {
                case GroupPhase.ImagePullFailed:
                    await CleanUpAsync(arm, id, blobs).ConfigureAwait(false);
                    return TaskResult.Fail("ImagePullFailed", $"Azure Container Instances cannot pull '{b.Image}': {state.Detail}", retryable: false);
                case GroupPhase.Failed:
                    await CleanUpAsync(arm, id, blobs).ConfigureAwait(false);
                    return TaskResult.Fail("ContainerGroupFailed", $"The container group for '{b.Image}' failed: {state.Detail}");
                case GroupPhase.Terminated:
                    var output = await OutputAsync(arm, id, blobs, ct).ConfigureAwait(false);
                    await CleanUpAsync(arm, id, blobs).ConfigureAwait(false);
                    return state.ExitCode == 0
                        ? TaskOutput.Parse(output, blobs?.WroteOutput == true ? "the output blob" : "the container log", b.TextOutput)
                        : TaskResult.Fail("ContainerFailed", $"'{b.Image}' exited with code {state.ExitCode}. log: {TaskOutput.Tail(output)}");
                default:
                    await Task.Delay(settings.PollInterval, ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The group's properties, or null when there is no such group.</summary>
    private static async Task<JsonNode?> GetAsync(Arm arm, ResourceIdentifier id, CancellationToken ct)
    {
        try
        {
            var group = await arm.Client.GetGenericResource(id).GetAsync(ct).ConfigureAwait(false);
            return group.Value.Data.Properties is { } p ? JsonNode.Parse(p.ToString()) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<string> OutputAsync(Arm arm, ResourceIdentifier id, AttemptBlobs? blobs, CancellationToken ct)
    {
        if (blobs is not null && await blobs.ReadOutputAsync(ct).ConfigureAwait(false) is { } written)
        {
            return written;
        }
        using var message = arm.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(arm.Endpoint, $"{id}/containers/{ContainerGroup.ContainerName}/logs?api-version={ContainerGroup.ApiVersion}"));
        await arm.Pipeline.SendAsync(message, ct).ConfigureAwait(false);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }
        var content = JsonNode.Parse(message.Response.Content.ToString())?["content"];
        var log = content is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        return log.Length > ProcessRunner.MaxStdout ? log[..ProcessRunner.MaxStdout] : log;
    }

    /// <summary>Deletes the group and the attempt's blobs, bounded by <see cref="ContainerRunner.CleanupTimeout"/>; a
    /// group left behind keeps its name, so a redelivery of the attempt finds it rather than starting another.</summary>
    private static async Task CleanUpAsync(Arm arm, ResourceIdentifier id, AttemptBlobs? blobs)
    {
        using var bound = new CancellationTokenSource(ContainerRunner.CleanupTimeout);
        try
        {
            await arm.Client.GetGenericResource(id).DeleteAsync(WaitUntil.Started, bound.Token).ConfigureAwait(false);
            if (blobs is not null)
            {
                await blobs.DeleteAsync(bound.Token).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
        catch (Exception ex) when (ex is OperationCanceledException or RequestFailedException or HttpRequestException)
        {
            // Left behind; see above.
        }
    }

    private static bool IsQuota(RequestFailedException ex) =>
        ex.ErrorCode?.Contains("Quota", StringComparison.OrdinalIgnoreCase) == true || ex.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    private static TaskResult Refused(RequestFailedException ex, ContainerBinding b)
    {
        var reason = $"{ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {FirstLine(ex.Message)}";
        return ex.Status switch
        {
            401 or 403 => TaskResult.Fail("AzureAccessDenied", $"Resource Manager refused to run '{b.Image}' ({reason}). Give the app's identity the container task role on the resource group.", retryable: false),
            409 when IsQuota(ex) => TaskResult.Fail("QuotaExceeded", $"Azure Container Instances has no quota left for '{b.Image}' ({reason}).", retryable: false),
            var status when status == 409 || TaskResult.IsTransient(status) => TaskResult.Fail("ContainerPlatformUnavailable", $"Resource Manager did not run '{b.Image}' ({reason})."),
            _ => TaskResult.Fail("ContainerGroupRefused", $"Azure Container Instances refused to run '{b.Image}' ({reason}).", retryable: false),
        };
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
