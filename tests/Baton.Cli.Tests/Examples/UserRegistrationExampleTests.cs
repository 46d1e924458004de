using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>examples/user-registration, seed 002's saga, against its Node.js services: a verification that never
/// comes is compensated (latest creation undone first); one that comes, for the right user, activates the account.</summary>
public sealed class UserRegistrationExampleTests : IDisposable
{
    private const string Admin = "example-admin-key";
    private readonly TempDirectory _dir = new();
    private readonly int _port = ServeProcess.FreePort();

    public void Dispose() => _dir.Dispose();

    private static string Example(string file) => Path.Combine(RepoPaths.Root, "examples", "user-registration", file);

    private NodeService StartServices() => NodeService.Start(Example("services.mjs"), new Dictionary<string, string>(), _port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string Catalog() => File.ReadAllText(Example("catalog.yaml")).Replace("127.0.0.1:8765", $"127.0.0.1:{_port}", StringComparison.Ordinal);

    private async Task<JsonArray> CallsAsync(HttpClient http) => JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{_port}/api/log"))!.AsArray();

    [Fact]
    public async Task Run_VerificationNeverComes_CompensationDeletesProfileThenAccount()
    {
        using var services = StartServices();
        var catalog = _dir.File("catalog.yaml");
        await File.WriteAllTextAsync(catalog, Catalog());

        var r = await BatonProcess.RunAsync(_dir.Path, "run", Example("workflow.yaml"), "--catalog", catalog, "--db", _dir.File("b.db"),
            "--input", "username=ada", "--input", "email=ada@example.org", "--input", "password=correct-horse");

        Assert.True(r.ExitCode == 1, r.Stderr);
        Assert.Contains("[TimedOut]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("The compensation ran.", r.Stderr, StringComparison.Ordinal);
        using var http = new HttpClient();
        var calls = (await CallsAsync(http)).Select(c => $"{c!["method"]} {c["path"]}").ToList();
        Assert.Equal(["DELETE /api/profiles/user/u1", "DELETE /api/users/u1"], calls.Where(c => c.StartsWith("DELETE", StringComparison.Ordinal)));
        Assert.DoesNotContain(calls, c => c.Contains("/activate", StringComparison.Ordinal));
        Assert.Equal("[]", await http.GetStringAsync($"http://127.0.0.1:{_port}/api/users"));
    }

    [Fact]
    public async Task Serve_VerificationForTheUserArrives_AccountIsActivatedAndOtherUsersEventsAreIgnored()
    {
        var env = new Dictionary<string, string> { ["BATON_ADMIN_KEY"] = Admin };
        using var services = StartServices();
        using var server = await ServeProcess.StartAsync(_dir.Path, env);
        using var http = new HttpClient();
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/definitions", File.ReadAllText(Example("workflow.yaml")), HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/catalogs", Catalog(), HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/workflows/user-registration/instances?instanceId=reg-1&catalog=user-registration",
            """{"username":"grace","email":"grace@example.org","password":"correct-horse"}""", HttpStatusCode.Accepted);
        await UntilAsync(http, server.Url, s => s["steps"]!.AsArray().Any(x => x!["id"]!.GetValue<string>() == "wait-for-verification" && x["status"]!.GetValue<string>() == "waiting"));

        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/instances/reg-1/events/user.email_verified", """{"user_id":"someone-else"}""", HttpStatusCode.Accepted);
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/instances/reg-1/events/user.email_verified", """{"user_id":"u1"}""", HttpStatusCode.Accepted);
        var done = await UntilAsync(http, server.Url, s => s["runtimeStatus"]?.GetValue<string>() is "Completed" or "Failed");

        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(("u1", "active"), (done["output"]!["user_id"]!.GetValue<string>(), done["output"]!["status"]!.GetValue<string>()));
        Assert.DoesNotContain(await CallsAsync(http), c => c!["method"]!.GetValue<string>() == "DELETE");
    }

    [Fact]
    public async Task Serve_Seed002FileAsWritten_RunsTheSagaAgainstTheServices()
    {
        var env = new Dictionary<string, string> { ["BATON_ADMIN_KEY"] = Admin };
        using var services = StartServices();
        using var server = await ServeProcess.StartAsync(_dir.Path, env);
        using var http = new HttpClient();
        var seed = File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "seed-formats", "seed002-user-registration-workflow.yaml"));
        // The seed names services by host; here they are all one local server, and its validation rules go to /api/validate.
        var local = $"http://127.0.0.1:{_port}";
        string Call(string method) => "{ runner: http, method: " + method + ", url: \"" + local + "${input.endpoint}\", body: \"${input.payload}\", allow_private_network: true }";
        var catalog = string.Join('\n',
            "apiVersion: baton.dev/v1",
            "kind: Catalog",
            "metadata: { name: seed002-local }",
            "tasks:",
            "  validate: { runner: http, method: POST, url: \"" + local + "/api/validate\", body: { username: \"${input.input.username}\", email: \"${input.input.email}\" }, allow_private_network: true }",
            "  create_user_account: " + Call("POST"),
            "  create_user_profile: " + Call("POST"),
            "  send_welcome_email: " + Call("POST"),
            "  activate_user_account: " + Call("PUT"),
            "  send_activation_notification: " + Call("POST"),
            "  cleanup_user_account: " + Call("DELETE"),
            "  cleanup_user_profile: " + Call("DELETE"));
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/definitions", seed, HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/catalogs", catalog, HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/workflows/user-registration-workflow/instances?instanceId=reg-1&catalog=seed002-local",
            """{"username":"linus","email":"linus@example.org","password":"correct-horse"}""", HttpStatusCode.Accepted);
        await UntilAsync(http, server.Url, s => s["steps"]!.AsArray().Any(x => x!["id"]!.GetValue<string>() == "wait_for_verification" && x["status"]!.GetValue<string>() == "waiting"));

        await SendAsync(http, HttpMethod.Post, $"{server.Url}/api/instances/reg-1/events/user.email_verified", """{"user_id":"u1"}""", HttpStatusCode.Accepted);
        var done = await UntilAsync(http, server.Url, s => s["runtimeStatus"]?.GetValue<string>() is "Completed" or "Failed");

        Assert.True(done["runtimeStatus"]!.GetValue<string>() == "Completed", done.ToJsonString());
        var calls = (await CallsAsync(http)).Select(c => $"{c!["method"]} {c["path"]}").ToList();
        Assert.Contains("PUT /api/users/u1/activate", calls);
        Assert.Contains("POST /api/notifications/send", calls);
        Assert.Contains("active", await http.GetStringAsync($"{local}/api/users"), StringComparison.Ordinal);
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, string body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Headers.Add("x-functions-key", Admin);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonNode> UntilAsync(HttpClient http, string server, Func<JsonNode, bool> done)
    {
        JsonNode? status = null;
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{server}/api/instances/reg-1");
            request.Headers.Add("x-functions-key", Admin);
            using var response = await http.SendAsync(request);
            status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (done(status))
            {
                return status;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The instance did not get there: {status?.ToJsonString()}");
    }
}
