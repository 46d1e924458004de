using Baton.Host.Api;
using Baton.Host.Auth;
using Baton.Host.Endpoints;
using Baton.Host.Http;
using Baton.Runtime.Backends;
using Baton.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Host;

/// <summary>Builds and runs the control plane: a workflow backend (the embedded hub by default) behind an HTTP API shaped like an Azure Functions app.</summary>
/// <remarks>Routes: <c>/api/...</c> (Baton's API), <c>/runtime/webhooks/durabletask/...</c> (Durable Functions
/// compatible), <c>/runtime/webhooks/eventgrid</c> (task events from services), <c>/healthz</c>, <c>/readyz</c>. Every error is RFC 7807 problem details. The hub starts with the
/// app and stops with it; unfinished work resumes on start.</remarks>
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
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Baton control plane";
            doc.Info.Description = "Durable workflows over HTTP: Baton's API under /api, the Durable Functions HTTP API under /runtime/webhooks/durabletask, and task events from services at /runtime/webhooks/eventgrid. Keys go in x-functions-key (or aeg-sas-key) or ?code=. Errors are RFC 7807 problem details.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        if (options.Backend is { } backend)
        {
            builder.Services.AddBaton().UseBackend(backend);
        }
        else
        {
            builder.Services.AddBaton().UseSqlite(options.Settings, database, options.Functions, options.Time);
        }
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton<ControlPlane>();
        builder.Services.AddSingleton(new Endpoints.StreamSettings(options.StreamBufferSize));
        Observability.Add(builder, environment);
        BearerAuth.Add(builder.Services, environment);
        builder.Services.AddSingleton(new BearerPolicy(BearerAuth.Enabled(environment), BearerAuth.AdminRole(environment)));
        var app = builder.Build();
        var hub = app.Services.GetRequiredService<IWorkflowBackend>();
        ErrorHandling.Use(app);
        BearerAuth.Use(app, environment);
        Ui.UiFiles.Use(app);
        HealthEndpoints.Map(app);
        TaskEndpoints.Map(app);
        InstanceEndpoints.Map(app);
        DurableEndpoints.Map(app);
        DefinitionEndpoints.Map(app);
        StreamEndpoints.Map(app);
        EventGridEndpoints.Map(app);
        KeyEndpoints.Map(app);
        ShipyardEndpoints.Map(app);
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
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
