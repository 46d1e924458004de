using Baton.Runtime.Composition;
using Microsoft.Extensions.DependencyInjection;
using Baton.ControlPlane.Auth;
using Baton.Durable.Local;
using Baton.Host;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Hosts.Testing;

/// <summary><c>baton serve</c> in this process: Kestrel on loopback over the embedded hub on a fresh SQLite file, or, with
/// <c>durable</c>, over a local Durable worker of a fresh task hub on Azurite (<c>baton serve --backend durable</c>).</summary>
public sealed class ServeServer : ApiServer
{
    private readonly TempDirectory _dir;

    private ServeServer(TempDirectory dir, BatonHost host, ApiHostKind kind) : base(host.Addresses[0])
    {
        _dir = dir;
        Host = host;
        Kind = kind;
    }

    /// <summary>The host.</summary>
    public BatonHost Host { get; }

    public override ApiHostKind Kind { get; }

    public override IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> Routes => Host.Routes;

    public override Task<int> RunTriggersAsync(DateTimeOffset now) =>
        Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ControlPlane.Triggers.TriggerService>().Single().RunOnceAsync(now, default);

    public static async Task<ServeServer> StartAsync(ApiServerOptions options, bool durable = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = new TempDirectory();
        var env = options.Environment;
        var functions = options.Functions ?? FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var sidecar = durable
            ? new DurableSidecarOptions(await Azurite.ConnectionStringAsync(), "serve" + Guid.NewGuid().ToString("N")[..12], "serve-tests")
            {
                PartitionCount = 2,
                MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
            }
            : null;
        var host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings { AppSetting = name => env.GetValueOrDefault(name) })
        {
            Urls = "http://127.0.0.1:0",
            Database = dir.File("hub.db"),
            Environment = new Dictionary<string, string?>(env) { ["BATON_ADMIN_KEY"] = AdminKey, ["BATON_FUNCTION_KEY"] = FunctionKey },
            Functions = functions,
            MaxRequestBodyBytes = options.MaxBody,
            StreamBufferSize = options.StreamBuffer,
            Backend = sidecar is null ? null
                : sp => DurableTaskBackendServices.Local(sidecar, sp.GetRequiredService<BatonContext>()),
        }, default);
        return new ServeServer(dir, host, durable ? ApiHostKind.ServeDurable : ApiHostKind.Serve);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
