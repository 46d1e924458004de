using Baton.Runtime.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Durable.Local;

/// <summary>Chooses the Durable Task Framework (a local sidecar on Azure Storage) as Baton's backend.</summary>
public static class DurableTaskBackendServices
{
    /// <summary>Uses the <see cref="DurableBackend"/> over a <see cref="LocalDurableWorker"/>: this process joins the task hub as a
    /// worker when the backend starts, and the app's routes run over it, built with the container's <see cref="BatonContext"/>.</summary>
    public static BatonBuilder UseDurableTask(this BatonBuilder builder, DurableSidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.UseBackend(sp => Local(options, sp.GetRequiredService<BatonContext>()));
    }

    /// <summary>A Durable backend that starts a local worker (its own sidecar on Azure Storage) when it starts.</summary>
    public static DurableBackend Local(DurableSidecarOptions options, BatonContext context) =>
        new(async ct => (await LocalDurableWorker.StartAsync(options, context, null, ct).ConfigureAwait(false)).Connection(options));
}
