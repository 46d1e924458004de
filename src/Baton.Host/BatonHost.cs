using Baton.ControlPlane;
using Baton.ControlPlane.Auth;
using Baton.ControlPlane.Routing;
using Baton.Host.Auth;
using Baton.Host.Http;
using Baton.Runtime.Composition;
using Baton.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Baton.Abstractions;

namespace Baton.Host;

/// <summary>Builds and runs the control plane: a workflow backend (the embedded hub by default) behind an HTTP API shaped like an Azure Functions app.</summary>
/// <remarks>The routes are the control plane's table (<see cref="ApiRoutes"/>), the same the function app serves, plus
/// those only <c>baton serve</c> has: the Durable Functions compatible routes (<c>/runtime/webhooks/durabletask/...</c>) and
/// key management (<c>/admin/host/keys</c>), which the Functions host provides itself. Every error is RFC 7807 problem
/// details. The backend starts with the app and stops with it; unfinished work resumes on start.</remarks>
public sealed class BatonHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BatonHost(WebApplication app, IWorkflowBackend backend, HostKeys keys)
    {
        _app = app;
        Backend = backend;
        Keys = keys;
    }

    /// <summary>The backend behind the API: the embedded hub unless the options chose another.</summary>
    public IWorkflowBackend Backend { get; }

    /// <summary>The host's services (its hosted services among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The keys callers must present.</summary>
    public HostKeys Keys { get; }

    /// <summary>The addresses the host listens on, once started.</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];

    /// <summary>Every route with its HTTP methods and the key level it requires (Anonymous when it names none).</summary>
    public IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> Routes =>
        [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => ("/" + e.RoutePattern.RawText!.TrimStart('/'), m, e.Metadata.GetMetadata<RequiredLevel>()?.Level ?? AuthLevel.Anonymous)))];

    /// <summary>Builds the host, starts the hub and begins listening.</summary>
    public static async Task<BatonHost> StartAsync(BatonHostOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes ?? options.Settings.MaxRequestBodyBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        foreach (var (category, level) in options.Settings.LogLevels)
        {
            var parsed = Enum.Parse<LogLevel>(level, ignoreCase: true);
            if (category.Equals("default", StringComparison.OrdinalIgnoreCase))
            {
                builder.Logging.SetMinimumLevel(parsed);
            }
            else
            {
                builder.Logging.AddFilter(category, parsed);
            }
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // local.settings.json Values act as environment variables, which win over them (as with Core Tools).
        var environment = options.Settings.AppSettings(options.Environment);
        var database = options.Database ?? options.Settings.Database;
        var keys = HostKeys.LoadOrCreate(options.KeysFile ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "host.keys.json"), environment);
        builder.Services.AddBatonControlPlane();
        if (options.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }
        if (options.Functions is { } functions)
        {
            builder.Services.AddSingleton(functions);
        }
        var baton = builder.Services.AddBaton(options.Settings);
        if (options.Backend is { } backend)
        {
            baton.UseBackend(backend);
        }
        else
        {
            baton.UseSqlite(database);
        }
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton<IKeyStore>(keys);
        builder.Services.AddSingleton(sp => new Operations(sp.GetRequiredService<IWorkflowBackend>(), new OperationsOptions { StreamBufferSize = options.StreamBufferSize }));
        // Schedules and queue messages start workflows from here (events arrive on the webhook route).
        builder.Services.AddHostedService(sp => new ControlPlane.Triggers.TriggerService(sp.GetRequiredService<Operations>(),
            sp.GetRequiredService<Runtime.Composition.BatonContext>(), options.Backend is null ? null : options.Settings.HubName));
        builder.Services.AddHostedService(sp => new ControlPlane.Watch.WatchdogService(sp.GetRequiredService<Operations>(), sp.GetRequiredService<Runtime.Composition.BatonContext>()));
        Observability.Add(builder, environment);
        BearerAuth.Add(builder.Services, environment);
        builder.Services.AddSingleton(new BearerPolicy(BearerAuth.Enabled(environment), BearerAuth.AdminRole(environment)));
        var app = builder.Build();
        var hub = app.Services.GetRequiredService<IWorkflowBackend>();
        ErrorHandling.Use(app);
        BearerAuth.Use(app, environment);
        MapRoutes(app);
        try
        {
            // The backend is a hosted service: it starts before the server listens.
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new BatonHost(app, hub, keys);
    }

    /// <summary>Maps every route <c>baton serve</c> serves, under its template and aliases, behind its key level.</summary>
    private static void MapRoutes(WebApplication app)
    {
        var host = new ServeApiHost();
        foreach (var route in ApiRoutes.For(ApiHosts.Serve))
        {
            foreach (var template in new[] { route.Template }.Concat(route.Aliases))
            {
                Func<HttpContext, Task<IResult>> handler = http => route.RunAsync(new ApiCall(http, http.RequestServices.GetRequiredService<Operations>(), host));
                var endpoint = app.MapMethods("/" + template, [route.Method], (Delegate)handler)
                    .RequireKey(route.Level).WithTags(route.Tag).WithSummary(route.Summary);
                if (template == route.Template)
                {
                    endpoint.WithName(route.Name);
                }
            }
        }
    }

    /// <summary>Runs until the token is cancelled or the process is asked to stop.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Stopping the app stops the backend (its hosted service) after the server.
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
