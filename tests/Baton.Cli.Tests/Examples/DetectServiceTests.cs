using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Cli.Tests.Examples;

/// <summary>The image chain's Node.js object-detect service as an event task speaking the protobuf envelope: `baton serve`
/// publishes a .triggered CloudEvent whose binary data is a TaskRequest, and the service reports with a .finished event
/// whose binary data is the TaskResult, all real processes over loopback.</summary>
public sealed class DetectServiceTests : IDisposable
{
    private const string Admin = "example-admin-key";
    private const string Function = "example-function-key";
    private const string ServiceKey = "example-detect-key";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Detect_AsProtobufEventTask_RoundTripsTheEnvelope()
    {
        var env = new Dictionary<string, string> { ["BATON_ADMIN_KEY"] = Admin, ["BATON_FUNCTION_KEY"] = Function, ["DETECT_KEY"] = ServiceKey, ["BATON_SECRETS_ALLOW"] = "DETECT_KEY" };
        using var server = await ServeProcess.StartAsync(_dir.Path, env);
        var port = ServeProcess.FreePort();
        using var service = NodeService.Start(Path.Combine(RepoPaths.Root, "examples", "image-chain", "detect", "detect.mjs"), new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SERVICE_KEY"] = ServiceKey,
            ["BATON_URL"] = server.Url,
            ["BATON_KEY"] = Function,
        });
        using var http = new HttpClient();
        await UploadAsync(http, $"{server.Url}/api/catalogs", $$"""
            apiVersion: baton.dev/v1
            kind: Catalog
            metadata: { name: detect-events }
            tasks:
              object-detect:
                runner: event
                format: protobuf
                endpoint: http://127.0.0.1:{{port}}/events
                key_setting: DETECT_KEY
                allow_private_network: true
                redeliver_after: 30s
                output_schema: { type: object, properties: { detected_objects: { type: array, items: { type: string } }, from: { type: string } } }
            """);
        await UploadAsync(http, $"{server.Url}/api/definitions", """
            apiVersion: baton.dev/v1
            kind: Workflow
            metadata: { name: detect-one, version: "1" }
            spec:
              steps:
                - { id: detect, task: object-detect, input: { resized_image_url: "${input.url}" }, timeout: 1m }
              output: { mapping: { objects: "${steps.detect.output.detected_objects}" } }
            """ + "\n");

        var run = await BatonProcess.RunAsync(_dir.Path, env, "start", "detect-one", "--catalog", "detect-events", "--id", "d1",
            "--input", "url=blob://a-cat.png", "--watch", "--server", server.Url, "--key", Function);

        Assert.True(run.ExitCode == 0, $"{run.Stderr}\nservice: {service.Errors()}");
        Assert.Equal("""{"objects":["cat"]}""", JsonNode.Parse(run.Stdout)!.ToJsonString());
    }

    private static async Task UploadAsync(HttpClient http, string url, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Headers.Add("x-functions-key", Admin);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
