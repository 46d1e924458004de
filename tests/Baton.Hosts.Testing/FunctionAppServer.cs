using System.Reflection;
using System.Text.Json.Nodes;
using Baton.ControlPlane.Auth;
using Baton.Durable.Local;
using Baton.Functions;
using Baton.Runtime.Runners;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Hosts.Testing;

/// <summary>The function app, its HTTP functions invoked in this process the way the Functions host invokes them, over a
/// Durable task hub on Azurite whose worker (a local sidecar) runs the app's orchestrator and activity code.</summary>
/// <remarks>No Functions host can be installed here, so this stands in for its HTTP front only, from what the build gave
/// it: every HTTP trigger of the generated <c>functions.metadata</c> is routed by its template and methods, behind its key
/// level as the host enforces it (<c>x-functions-key</c> or <c>?code=</c>; a function key or the master key for function
/// level, the master key alone for admin; anything else 401), to the function's method on an instance made from the app's
/// own services (<see cref="FunctionsSetup.AddBatonFunctions"/>), given the request and the Durable client the binding would
/// give. The task hub's worker is <see cref="LocalDurableWorker"/>, the same orchestrator and activity the app declares.</remarks>
public sealed class FunctionAppServer : ApiServer
{
    private readonly WebApplication _app;
    private readonly LocalDurableWorker _worker;
    private readonly IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> _routes;

    private FunctionAppServer(WebApplication app, LocalDurableWorker worker, IReadOnlyList<(string, string, AuthLevel)> routes, Uri address) : base(address)
    {
        _app = app;
        _worker = worker;
        _routes = routes;
    }

    public override ApiHostKind Kind => ApiHostKind.FunctionApp;

    public override IReadOnlyList<(string Pattern, string Method, AuthLevel Level)> Routes => _routes;

    public override Task<int> RunTriggersAsync(DateTimeOffset now) =>
        ActivatorUtilities.CreateInstance<TriggerFunctions>(_app.Services).TickAsync(_worker.Client, now, default);

    /// <summary>The task hub's worker (its Durable client starts and reads instances directly, for what a test sets up).</summary>
    public LocalDurableWorker Worker => _worker;

    public static async Task<FunctionAppServer> StartAsync(ApiServerOptions options)
    {
        var storage = await Azurite.ConnectionStringAsync();
        var hub = "fnapp" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>(options.Environment) { ["AzureWebJobsStorage"] = storage, ["BATON_TASK_HUB"] = hub };
        var functions = options.Functions ?? FunctionRegistry.WithBuiltIns(TimeProvider.System);
        var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        var worker = await LocalDurableWorker.StartAsync(new DurableSidecarOptions(storage, hub, "function-app-tests")
        {
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        }, TestContexts.Of(functions, name => settings.GetValueOrDefault(name), logging: logging), null, default);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBody);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(functions);
        builder.Services.AddBatonFunctions(builder.Configuration);
        var app = builder.Build();
        var routes = new List<(string, string, AuthLevel)>();
        foreach (var (name, route, methods, level) in HttpTriggers())
        {
            var method = FunctionMethod(name);
            Func<HttpContext, Task<IResult>> invoke = http => InvokeAsync(method, http, worker.Client);
            app.MapMethods("/" + route, methods, (Delegate)invoke).AddEndpointFilter(async (context, next) =>
                Authorized(context.HttpContext.Request, level) ? await next(context) : Results.StatusCode(StatusCodes.Status401Unauthorized));
            routes.AddRange(methods.Select(m => ("/" + route, m, level)));
        }
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new FunctionAppServer(app, worker, routes, address);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _worker.DisposeAsync();
    }

    /// <summary>The HTTP triggers the build declared: function name, route, methods and key level.</summary>
    private static IEnumerable<(string Name, string Route, string[] Methods, AuthLevel Level)> HttpTriggers()
    {
        // What the Functions SDK wrote beside the app's build, in the same configuration as these tests.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var metadata = Path.Combine(RepoPaths.Root, "src", "Baton.Functions", "bin", configuration, "net10.0", "functions.metadata");
        foreach (var function in JsonNode.Parse(File.ReadAllText(metadata))!.AsArray().Cast<JsonObject>())
        {
            if (function["bindings"]!.AsArray().Cast<JsonObject>().FirstOrDefault(b => b["type"]!.GetValue<string>() == "httpTrigger") is { } trigger)
            {
                yield return (function["name"]!.GetValue<string>(), trigger["route"]!.GetValue<string>(),
                    [.. trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant())],
                    Enum.Parse<AuthLevel>(trigger["authLevel"]!.GetValue<string>()));
            }
        }
    }

    /// <summary>The method of the app that declares a function of that name.</summary>
    private static MethodInfo FunctionMethod(string name) =>
        typeof(FunctionsSetup).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name);

    /// <summary>Makes the function's class from the app's services and calls it with what the host binds: the request and the Durable client.</summary>
    private static async Task<IResult> InvokeAsync(MethodInfo method, HttpContext http, DurableTaskClient client)
    {
        var target = ActivatorUtilities.CreateInstance(http.RequestServices, method.DeclaringType!);
        var args = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => http.Request,
            var t when t == typeof(DurableTaskClient) => client,
            var t when t == typeof(CancellationToken) => (object)http.RequestAborted,
            var t => throw new InvalidOperationException($"{method.Name} takes a {t.Name}, which this stand-in for the Functions host does not bind."),
        }).ToArray();
        return await (Task<IResult>)method.Invoke(target, args)!;
    }

    /// <summary>The Functions host's key check: <c>x-functions-key</c> before <c>?code=</c>; the master key passes every level.</summary>
    private static bool Authorized(HttpRequest request, AuthLevel level)
    {
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return level switch
        {
            AuthLevel.Anonymous => true,
            AuthLevel.Function => presented is AdminKey or FunctionKey,
            _ => presented == AdminKey,
        };
    }
}
