using Microsoft.Extensions.DependencyInjection;

namespace Baton.Runtime.Backends;

/// <summary>Composes Baton in a service container: <c>services.AddBaton().UseSqlite(...)</c> or <c>.UseDurableTask(...)</c>.</summary>
public static class BatonServices
{
    /// <summary>Starts composing Baton; choose a backend on the builder.</summary>
    public static BatonBuilder AddBaton(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new BatonBuilder(services);
    }
}
