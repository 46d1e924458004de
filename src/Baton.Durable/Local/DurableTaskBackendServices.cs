using Baton.Runtime.Backends;
using Baton.Runtime.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Local;

/// <summary>Chooses the Durable Task Framework (a local sidecar on Azure Storage) as Baton's backend.</summary>
public static class DurableTaskBackendServices
{
    /// <summary>Uses the <see cref="DurableBackend"/> over a <see cref="LocalDurableWorker"/>: this process joins the task hub as a
    /// worker when the backend starts, and the app's routes run over it.</summary>
    public static BatonBuilder UseDurableTask(this BatonBuilder builder, DurableSidecarOptions options, FunctionRegistry? functions = null, Func<string, string?>? appSetting = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.UseBackend(sp => Local(options, functions ?? FunctionRegistry.WithBuiltIns(options.Time), appSetting ?? Environment.GetEnvironmentVariable,
            sp.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }

    /// <summary>A Durable backend that starts a local worker (its own sidecar on Azure Storage) when it starts.</summary>
    public static DurableBackend Local(DurableSidecarOptions options, FunctionRegistry functions, Func<string, string?> appSetting, ILoggerFactory loggerFactory) =>
        new(async ct => (await LocalDurableWorker.StartAsync(options, functions, appSetting, loggerFactory, null, ct).ConfigureAwait(false)).Connection(options));
}
