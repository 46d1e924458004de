using Baton.Abstractions;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baton.Runtime.Composition;

/// <summary>Composes Baton in a service container: <c>services.AddBaton(settings).UseSqlite()</c> or <c>.UseDurableTask(...)</c>.</summary>
public static class BatonServices
{
    /// <summary>Starts composing Baton with the host's settings; choose a backend on the builder.</summary>
    /// <remarks>Registers the settings as <c>IOptions&lt;HostSettings&gt;</c> (bound once, by <see cref="HostSettingsLoader"/>, which
    /// refuses bad values with file, line and column), and, unless the host registered its own first, the system clock
    /// (<see cref="TimeProvider"/>), random ids (<see cref="IdSource.Random"/>) and the built-in functions; then the
    /// <see cref="BatonContext"/> every part is built with, and the standard <see cref="TaskExecutor"/>. Logging is the host's
    /// (none when it registers no <see cref="ILoggerFactory"/>).</remarks>
    public static BatonBuilder AddBaton(this IServiceCollection services, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(Options.Create(settings));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(IdSource.Random);
        services.TryAddSingleton(sp => FunctionRegistry.WithBuiltIns(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BatonContext(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IdSource>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance, sp.GetRequiredService<FunctionRegistry>(),
            sp.GetRequiredService<IOptions<HostSettings>>().Value.AppSetting));
        services.TryAddSingleton(sp => TaskExecutor.Standard(sp.GetRequiredService<BatonContext>()));
        return new BatonBuilder(services);
    }

    /// <summary>The context of a process that composes no container (a CLI command): the system clock, random ids, the
    /// built-in functions and the settings' app settings.</summary>
    public static BatonContext Context(HostSettings settings, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var time = TimeProvider.System;
        return new BatonContext(time, IdSource.Random, logging, FunctionRegistry.WithBuiltIns(time), settings.AppSetting);
    }
}
