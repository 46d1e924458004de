using Baton.ControlPlane.Auth;
using Baton.Host;
using Baton.Runtime.Hosting;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.ControlPlane.Tests.Hosts;

/// <summary><c>baton serve</c> in this process: Kestrel on loopback over the embedded hub on a fresh SQLite file.</summary>
public sealed class ServeServer : ApiServer
{
    private readonly TempDirectory _dir;

    private ServeServer(TempDirectory dir, BatonHost host) : base(host.Addresses[0])
    {
        _dir = dir;
        Host = host;
    }

    /// <summary>The host.</summary>
    public BatonHost Host { get; }

    public override ApiHostKind Kind => ApiHostKind.Serve;

    public override IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> Routes => Host.Routes;

    public static async Task<ServeServer> StartAsync(ApiServerOptions options)
    {
        var dir = new TempDirectory();
        var env = options.Environment;
        var host = await BatonHost.StartAsync(new BatonHostOptions(new HostSettings { AppSetting = name => env.GetValueOrDefault(name) })
        {
            Urls = "http://127.0.0.1:0",
            Database = dir.File("hub.db"),
            Environment = new Dictionary<string, string?>(env) { ["BATON_ADMIN_KEY"] = AdminKey, ["BATON_FUNCTION_KEY"] = FunctionKey },
            Functions = options.Functions ?? FunctionRegistry.WithBuiltIns(TimeProvider.System),
            MaxRequestBodyBytes = options.MaxBody,
            StreamBufferSize = options.StreamBuffer,
        }, default);
        return new ServeServer(dir, host);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
