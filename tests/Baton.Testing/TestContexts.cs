using Baton.Abstractions;
using Baton.Runtime.Composition;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Testing;

/// <summary>The <see cref="BatonContext"/> a test composes its parts with, as a host's <c>AddBaton</c> would.</summary>
public static class TestContexts
{
    /// <summary>A context with the given functions (the built-ins when null), app settings (none when null), clock (the
    /// system's when null), random ids and logging (none when null).</summary>
    public static BatonContext Of(FunctionRegistry? functions = null, Func<string, string?>? appSetting = null, TimeProvider? time = null,
        ILoggerFactory? logging = null)
    {
        var clock = time ?? TimeProvider.System;
        return new BatonContext(clock, IdSource.Random, logging ?? NullLoggerFactory.Instance, functions ?? FunctionRegistry.WithBuiltIns(clock), appSetting ?? (_ => null));
    }
}
