using Baton.Abstractions;
using Baton.Runtime.Runners;
using Microsoft.Extensions.Logging;

namespace Baton.Runtime.Composition;

/// <summary>What a host gives every part of Baton it composes: the clock, where new ids come from, logging, the in-process
/// functions and the app settings.</summary>
/// <remarks><see cref="BatonServices.AddBaton"/> makes one from the service container (<see cref="TimeProvider"/>,
/// <see cref="IdSource"/>, <see cref="ILoggerFactory"/>, <see cref="FunctionRegistry"/> and the bound <c>HostSettings</c>), and
/// the backends, runners, registry, claim check and clients take theirs from it; nothing below reads the system clock or
/// makes a GUID itself. <see cref="AppSetting"/> is a delegate so that printing the context never prints a secret.</remarks>
/// <param name="Time">The clock of timers, leases, the registry and the evaluation history.</param>
/// <param name="Ids">Where new instance and host ids come from.</param>
/// <param name="Logging">Where parts create their loggers.</param>
/// <param name="Functions">The in-process functions tasks may run.</param>
/// <param name="AppSetting">Looks up an app setting by name (keys and endpoints tasks read at dispatch).</param>
public sealed record BatonContext(TimeProvider Time, IdSource Ids, ILoggerFactory Logging, FunctionRegistry Functions, Func<string, string?> AppSetting);
