using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Baton.Runtime.Runners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Testing;

/// <summary>A local endpoint that speaks Azure Resource Manager's container-group API (API version 2023-05-01) and
/// really runs each group's container on podman, so tests of the ACI runner move real data without Azure.</summary>
/// <remarks>Served over HTTPS with a self-signed certificate (Azure's bearer-token policy refuses plain http); use
/// <see cref="Transport"/> to trust it and <see cref="Credential"/> for the token it expects. Modelled on the ARM REST
/// reference: PUT answers 201 with an <c>Azure-AsyncOperation</c> header, GET 404 with <c>ResourceNotFound</c>,
/// DELETE 200 or 204, <c>containers/{name}/logs</c> <c>{"content": ...}</c>; secure environment values are never
/// returned; an image the engine does not have is refused at PUT with 400 <c>InaccessibleImage</c>. Faults are
/// injected per method: <see cref="Throttle"/> (429 with Retry-After) and <see cref="Conflict"/> (409).</remarks>
public sealed class ContainerInstancesServer : IAsyncDisposable
{
    /// <summary>The bearer token the server accepts.</summary>
    public const string Token = "baton-test-arm-token";

    private const string ApiVersion = "2023-05-01";
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly DockerApi _engine;
    private readonly ConcurrentDictionary<string, JsonObject> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Code, int RetryAfter)>> _faults = new(StringComparer.Ordinal);

    private ContainerInstancesServer(WebApplication app, X509Certificate2 certificate, DockerApi engine, Uri address)
    {
        _app = app;
        _certificate = certificate;
        _engine = engine;
        Address = address;
    }

    /// <summary>The server's base address (https://127.0.0.1:port/), for BATON_ACI_ARM_ENDPOINT.</summary>
    public Uri Address { get; }

    /// <summary>Every request, in order: method, path, query, JSON body (or null) and when it came.</summary>
    public ConcurrentQueue<(string Method, string Path, string Query, JsonNode? Body, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>The names of the groups that exist now.</summary>
    public IReadOnlyCollection<string> Groups => [.. _groups.Keys];

    /// <summary>How many containers the server has started on the engine.</summary>
    public int ContainersStarted => _started;

    private int _started;

    /// <summary>A credential that yields the token the server accepts.</summary>
    public static TokenCredential Credential { get; } = new FixedToken();

    /// <summary>A transport that trusts exactly this server's certificate.</summary>
    public Azure.Core.Pipeline.HttpPipelineTransport Transport => new Azure.Core.Pipeline.HttpClientTransport(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == _certificate.Thumbprint,
    });

    /// <summary>The container name on the engine for a group.</summary>
    public static string EngineName(string group) => "aci-" + group;

    /// <summary>Answers the next <paramref name="times"/> requests of a method with 429 and the given Retry-After.</summary>
    public void Throttle(string method, int times, int retryAfterSeconds)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.GetOrAdd(method, _ => new()).Enqueue((429, "TooManyRequests", retryAfterSeconds));
        }
    }

    /// <summary>Answers the next request of a method with 409 and the given ARM error code.</summary>
    public void Conflict(string method, string code) => _faults.GetOrAdd(method, _ => new()).Enqueue((409, code, 0));

    /// <summary>Starts the server over the engine at <paramref name="dockerHost"/>.</summary>
    public static async Task<ContainerInstancesServer> StartAsync(string dockerHost)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        var engine = new DockerApi(dockerHost);
        ContainerInstancesServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ContainerInstancesServer(app, certificate, engine, new Uri(address + "/"));
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var name in _groups.Keys)
        {
            await _engine.RemoveAsync(EngineName(name), CancellationToken.None).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _engine.Dispose();
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        JsonNode? body = null;
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(http.Request.Body).ConfigureAwait(false);
        }
        Requests.Enqueue((http.Request.Method, path, http.Request.QueryString.Value ?? "", body, DateTimeOffset.UtcNow));
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await ErrorAsync(http, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or invalid.").ConfigureAwait(false);
            return;
        }
        if (http.Request.Query["api-version"] != ApiVersion)
        {
            await ErrorAsync(http, 400, "MissingApiVersionParameter", $"The api-version query parameter is required; this server serves {ApiVersion}.").ConfigureAwait(false);
            return;
        }
        if (_faults.TryGetValue(http.Request.Method, out var queue) && queue.TryDequeue(out var fault))
        {
            if (fault.RetryAfter > 0)
            {
                http.Response.Headers.RetryAfter = fault.RetryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await ErrorAsync(http, fault.Status, fault.Code, $"Injected {fault.Status} ({fault.Code}).").ConfigureAwait(false);
            return;
        }
        var segments = path.Trim('/').Split('/');
        // subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/{name}[/containers/{c}/logs]
        if (segments.Length >= 8 && segments[0] == "subscriptions" && segments[2] == "resourceGroups" && segments[4] == "providers"
            && segments[5] == "Microsoft.ContainerInstance" && segments[6] == "containerGroups")
        {
            var name = segments[7];
            var id = "/" + string.Join('/', segments.Take(8));
            if (segments.Length == 11 && segments[8] == "containers" && segments[10] == "logs" && http.Request.Method == "GET")
            {
                await LogsAsync(http, name).ConfigureAwait(false);
                return;
            }
            if (segments.Length == 8)
            {
                await (http.Request.Method switch
                {
                    "PUT" => PutAsync(http, id, name, body),
                    "GET" => GetAsync(http, name),
                    "DELETE" => DeleteAsync(http, name),
                    _ => ErrorAsync(http, 405, "MethodNotAllowed", "Not a container-group method."),
                }).ConfigureAwait(false);
                return;
            }
        }
        if (segments.Length == 8 && segments[4] == "locations" && segments[6] == "operations" && http.Request.Method == "GET")
        {
            await JsonAsync(http, 200, new JsonObject { ["status"] = "Succeeded" }).ConfigureAwait(false);
            return;
        }
        await ErrorAsync(http, 404, "NotFound", $"No route for {http.Request.Method} {path}.").ConfigureAwait(false);
    }

    private async Task PutAsync(HttpContext http, string id, string name, JsonNode? body)
    {
        if (Invalid(body) is { } problem)
        {
            await ErrorAsync(http, 400, "InvalidRequestContent", problem).ConfigureAwait(false);
            return;
        }
        if (_groups.ContainsKey(name))
        {
            await JsonAsync(http, 200, await ViewAsync(name).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        var properties = body!["properties"]!;
        var container = properties["containers"]![0]!;
        var image = (string)container["properties"]!["image"]!;
        var engineName = EngineName(name);
        var spec = new Docker.DotNet.Models.CreateContainerParameters
        {
            Name = engineName,
            Image = image,
            Env = [.. (container["properties"]!["environmentVariables"]?.AsArray() ?? []).Select(v => $"{v!["name"]}={(string?)v["value"] ?? (string?)v["secureValue"]}")],
            HostConfig = new Docker.DotNet.Models.HostConfig { NetworkMode = "host" },
        };
        if (container["properties"]!["command"] is JsonArray command)
        {
            spec.Cmd = [.. command.Select(a => (string)a!)];
        }
        if (!await _engine.CreateAsync(spec, http.RequestAborted).ConfigureAwait(false))
        {
            await ErrorAsync(http, 400, "InaccessibleImage", $"The image '{image}' in container group '{name}' is not accessible. Please check the image and registry credential.").ConfigureAwait(false);
            return;
        }
        foreach (var mount in container["properties"]!["volumeMounts"]?.AsArray() ?? [])
        {
            var volume = properties["volumes"]!.AsArray().First(v => (string?)v!["name"] == (string?)mount!["name"]);
            foreach (var (file, content) in volume!["secret"]!.AsObject())
            {
                await _engine.PutFileAsync(engineName, $"{(string)mount!["mountPath"]!}/{file}", Convert.FromBase64String((string)content!), http.RequestAborted).ConfigureAwait(false);
            }
        }
        var stored = body.DeepClone().AsObject();
        stored["id"] = id;
        stored["name"] = name;
        stored["type"] = "Microsoft.ContainerInstance/containerGroups";
        _groups[name] = stored;
        await _engine.StartAsync(engineName, http.RequestAborted).ConfigureAwait(false);
        Interlocked.Increment(ref _started);
        var location = (string)body["location"]!;
        http.Response.Headers["Azure-AsyncOperation"] =
            $"{Address}subscriptions/{id.Split('/')[2]}/providers/Microsoft.ContainerInstance/locations/{location}/operations/{Guid.NewGuid()}?api-version={ApiVersion}";
        var view = await ViewAsync(name).ConfigureAwait(false);
        view["properties"]!["provisioningState"] = "Creating";
        await JsonAsync(http, 201, view).ConfigureAwait(false);
    }

    /// <summary>What the ARM reference requires of a container group body, or null when it holds.</summary>
    private static string? Invalid(JsonNode? body)
    {
        if (body?["location"] is not JsonValue)
        {
            return "The request content must have a 'location'.";
        }
        var properties = body["properties"];
        if ((string?)properties?["osType"] is not ("Linux" or "Windows"))
        {
            return "'properties.osType' must be Linux or Windows.";
        }
        if ((string?)properties?["restartPolicy"] is not (null or "Always" or "OnFailure" or "Never"))
        {
            return "'properties.restartPolicy' must be Always, OnFailure or Never.";
        }
        if (properties?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            return "'properties.containers' must hold at least one container.";
        }
        foreach (var c in containers)
        {
            if (c?["name"] is not JsonValue || c["properties"]?["image"] is not JsonValue
                || c["properties"]?["resources"]?["requests"]?["cpu"] is not JsonValue || c["properties"]?["resources"]?["requests"]?["memoryInGB"] is not JsonValue)
            {
                return "Each container needs 'name', 'properties.image' and 'properties.resources.requests' with 'cpu' and 'memoryInGB'.";
            }
            if (c["properties"]?["environmentVariables"] is JsonArray env && env.Any(v => v?["name"] is not JsonValue || (v["value"] is null && v["secureValue"] is null)))
            {
                return "Each environment variable needs 'name' and 'value' or 'secureValue'.";
            }
        }
        return null;
    }

    private async Task<JsonObject> ViewAsync(string name)
    {
        var view = _groups[name].DeepClone().AsObject();
        var inspect = await _engine.InspectAsync(EngineName(name), CancellationToken.None).ConfigureAwait(false);
        var exited = inspect?.State?.Status is "exited" or "stopped";
        var current = exited
            ? new JsonObject { ["state"] = "Terminated", ["exitCode"] = inspect!.State!.ExitCode, ["detailStatus"] = "Completed" }
            : new JsonObject { ["state"] = "Running", ["detailStatus"] = "" };
        foreach (var c in view["properties"]!["containers"]!.AsArray())
        {
            foreach (var variable in c!["properties"]!["environmentVariables"]?.AsArray() ?? [])
            {
                variable!.AsObject().Remove("secureValue");
            }
            c["properties"]!["instanceView"] = new JsonObject { ["restartCount"] = 0, ["currentState"] = current.DeepClone(), ["events"] = new JsonArray() };
        }
        view["properties"]!["provisioningState"] = "Succeeded";
        view["properties"]!["instanceView"] = new JsonObject { ["state"] = exited ? ((long?)current["exitCode"] == 0 ? "Succeeded" : "Failed") : "Running" };
        return view;
    }

    private async Task GetAsync(HttpContext http, string name)
    {
        if (!_groups.ContainsKey(name))
        {
            await ErrorAsync(http, 404, "ResourceNotFound", $"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' was not found.").ConfigureAwait(false);
            return;
        }
        await JsonAsync(http, 200, await ViewAsync(name).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext http, string name)
    {
        if (!_groups.TryRemove(name, out var group))
        {
            http.Response.StatusCode = 204;
            return;
        }
        await _engine.RemoveAsync(EngineName(name), http.RequestAborted).ConfigureAwait(false);
        await JsonAsync(http, 200, group).ConfigureAwait(false);
    }

    private async Task LogsAsync(HttpContext http, string name)
    {
        if (!_groups.ContainsKey(name))
        {
            await ErrorAsync(http, 404, "ResourceNotFound", $"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' was not found.").ConfigureAwait(false);
            return;
        }
        var (stdout, stderr) = await _engine.LogsAsync(EngineName(name), 4 * 1024 * 1024, http.RequestAborted).ConfigureAwait(false);
        await JsonAsync(http, 200, new JsonObject { ["content"] = System.Text.Encoding.UTF8.GetString(stdout) + stderr }).ConfigureAwait(false);
    }

    private static Task ErrorAsync(HttpContext http, int status, string code, string message) =>
        JsonAsync(http, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static async Task JsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
