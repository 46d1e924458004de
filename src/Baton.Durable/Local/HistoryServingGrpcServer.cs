using DurableTask.Core;
using Grpc.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using P = Microsoft.DurableTask.Protobuf;

namespace Baton.Durable.Local;

/// <summary>The local sidecar's gRPC service: the preview test host's <see cref="TaskHubGrpcServer"/>, with a client's
/// history request answered from the backend (as the Durable Functions extension answers it in Azure), so
/// <c>DurableTaskClient.GetOrchestrationHistoryAsync</c> works the same locally and in the function app.</summary>
/// <remarks>The base class answers only its own worker's requests for the past events of a large work item; those still
/// go to it. It purges through the backend; the kept history of a purged instance goes with it.</remarks>
internal sealed class HistoryServingGrpcServer(IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory, IOrchestrationService service,
    IOrchestrationServiceClient client, IOptions<TaskHubGrpcServerOptions> options, InstanceHistories histories)
    : TaskHubGrpcServer(lifetime, loggerFactory, service, client, options)
{
    /// <summary>Events per chunk sent to the client.</summary>
    private const int ChunkSize = 200;

    /// <inheritdoc />
    public override async Task StreamInstanceHistory(P.StreamInstanceHistoryRequest request, IServerStreamWriter<P.HistoryChunk> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        if (request.ForWorkItemProcessing)
        {
            await base.StreamInstanceHistory(request, responseStream, context).ConfigureAwait(false);
            return;
        }
        var events = await histories.ReadAsync(request.InstanceId).ConfigureAwait(false);
        if (events.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No history for instance '{request.InstanceId}'."));
        }
        foreach (var chunk in events.Chunk(ChunkSize))
        {
            var message = new P.HistoryChunk();
            message.Events.AddRange(chunk.Select(ProtobufUtils.ToHistoryEventProto));
            await responseStream.WriteAsync(message).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task<P.PurgeInstancesResponse> PurgeInstances(P.PurgeInstancesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.PurgeInstances(request, context).ConfigureAwait(false);
        if (request.RequestCase == P.PurgeInstancesRequest.RequestOneofCase.InstanceId)
        {
            histories.Forget(request.InstanceId);
        }
        return response;
    }
}
