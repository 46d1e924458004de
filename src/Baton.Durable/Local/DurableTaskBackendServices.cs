using Baton.Runtime.Backends;
using Baton.Runtime.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Durable.Local;

/// <summary>Chooses the Durable Task Framework (a local sidecar on Azure Storage) as Baton's backend.</summary>
public static class DurableTaskBackendServices
{
    /// <summary>Uses <see cref="DurableTaskBackend"/>: this process joins the task hub as a worker, and the app's routes run over it.</summary>
    public static BatonBuilder UseDurableTask(this BatonBuilder builder, DurableSidecarOptions options, FunctionRegistry? functions = null, Func<string, string?>? appSetting = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend(sp => new DurableTaskBackend(options, functions ?? FunctionRegistry.WithBuiltIns(TimeProvider.System), appSetting ?? Environment.GetEnvironmentVariable,
            sp.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }
}
