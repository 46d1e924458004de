using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>examples/phone-check as the README runs it: `baton serve`, the Node.js checknumber service, and
/// `baton start --watch`, all real processes talking CloudEvents over loopback.</summary>
public sealed class PhoneCheckExampleTests : IDisposable
{
    private const string Admin = "example-admin-key";
    private const string Function = "example-function-key";
    private const string CheckerKey = "example-checker-key";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Example(string file) => Path.Combine(RepoPaths.Root, "examples", "phone-check", file);

    [Fact]
    public async Task PhoneCheck_WithNodeService_CompletesAndFailsAsTheServiceJudges()
    {
        var env = new Dictionary<string, string> { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function, ["CHECKER_KEY"] = CheckerKey, ["BATON_SECRETS_ALLOW"] = "CHECKER_KEY" };
        using var server = await ServeProcess.StartAsync(_dir.Path, env);
        var servicePort = ServeProcess.FreePort();
        using var service = StartService(servicePort, server.Url);
        using var http = new HttpClient();
        await UploadAsync(http, $"{server.Url}/api/definitions", File.ReadAllText(Example("workflow.yaml")));
        await UploadAsync(http, $"{server.Url}/api/catalogs",
            File.ReadAllText(Example("catalog.yaml")).Replace("127.0.0.1:7072", $"127.0.0.1:{servicePort}", StringComparison.Ordinal));

        var ok = await BatonProcess.RunAsync(_dir.Path, env, "start", "phone-check", "--catalog", "phone-check", "--id", "p1",
            "--input", "number=+4712345678", "--watch", "--server", server.Url, "--key", Function);
        Assert.True(ok.ExitCode == 0, $"{ok.Stderr}\nservice: {service.Errors()}");
        var output = JsonNode.Parse(ok.Stdout)!;
        Assert.Equal((true, "NO"), (output["valid"]!.GetValue<bool>(), output["country"]!.GetValue<string>()));
        Assert.Contains("check", ok.Stderr, StringComparison.Ordinal);

        var bad = await BatonProcess.RunAsync(_dir.Path, env, "start", "phone-check", "--catalog", "phone-check", "--id", "p2",
            "--input", "number=12ab", "--watch", "--server", server.Url, "--key", Function);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not an E.164 number", bad.Stderr, StringComparison.Ordinal);

        var history = await http.SendAsync(Request(HttpMethod.Get, $"{server.Url}/api/instances/p1/history", Function));
        var kinds = JsonNode.Parse(await history.Content.ReadAsStringAsync())!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());
        Assert.Equal(["InstanceStarted", "TaskProgressed", "TaskProgressed", "TaskCompleted"], kinds);
    }

    private static NodeService StartService(int port, string batonUrl) => NodeService.Start(Example("checknumber-service.mjs"), new Dictionary<string, string>
    {
        ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CHECKER_KEY"] = CheckerKey,
        ["BATON_SECRETS_ALLOW"] = "CHECKER_KEY",
        ["BATON_URL"] = batonUrl,
        ["BATON_KEY"] = Function,
    });

    private static HttpRequestMessage Request(HttpMethod method, string url, string key, string? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8) };
        request.Headers.Add("x-functions-key", key);
        return request;
    }

    private static async Task UploadAsync(HttpClient http, string url, string body)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Post, url, Admin, body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
