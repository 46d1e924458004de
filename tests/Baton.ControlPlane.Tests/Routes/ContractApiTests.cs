using System.Net;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>Catalog contracts on every host: miswired uploads are refused, breaking catalog versions are refused unless
/// forced, and an output that breaks its schema fails the step once.</summary>
public abstract class ContractApiTests : ApiSuite
{
    private static string Catalog(string version, string outputFields) => $$"""
        apiVersion: baton.dev/v1
        kind: Catalog
        metadata: { name: default, version: "{{version}}" }
        tasks:
          ingest:
            runner: process
            command: [echo, '{"image": 5}']
            roles: [ingestion]
            output_schema: { type: object, properties: { {{outputFields}} } }
          resize:
            runner: function
            function: echo
            roles: [transformation]
            input_schema: { type: object, required: [image], properties: { image: { type: string }, width: { type: integer } } }
        """;

    private static readonly string Pipeline = ApiServer.Workflow("pipeline", """
          steps:
            - { id: ingest, task: ingest }
            - id: resize
              task: resize
              depends_on: [ingest]
              retry: { max_attempts: 3, backoff: fixed, initial_delay: 1s }
              input: { image: "${steps.ingest.output.image}", width: "${steps.ingest.output.width}" }
        """);

    [Fact]
    public async Task Upload_MiswiredWorkflow_Is400WithTheLineAndStoresNothing()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, Catalog("1", "image: { type: string }, width: { type: integer }"), expect: 201);
        var miswired = Pipeline.Replace("output.width", "output.widht", StringComparison.Ordinal);

        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/definitions", ApiServer.AdminKey, miswired, expect: 400);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Equal("BTN093", error["code"]!.GetValue<string>());
        Assert.Equal(11, error["line"]!.GetValue<int>());
        Assert.Contains("did you mean 'width'?", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/definitions/pipeline", ApiServer.AdminKey)).StatusCode);
        var dryRun = await Server.JsonAsync(HttpMethod.Post, "/api/definitions?dryRun=true", ApiServer.AdminKey, miswired, expect: 200);
        Assert.False(dryRun["valid"]!.GetValue<bool>());
        Assert.Equal("BTN093", dryRun["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task UploadCatalog_BreakingARegisteredWorkflow_Is409ListingEachBreakUnlessForced()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, Catalog("1", "image: { type: string }, width: { type: integer }"), expect: 201);
        await Server.UploadAsync(Pipeline);
        var breaking = Catalog("2", "image: { type: string }, size: { type: integer }");

        var problem = await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, breaking, expect: 409);
        Assert.Equal("https://baton.dev/problems/catalog-breaks-workflows", problem["type"]!.GetValue<string>());
        var broken = problem["breaks"]!.AsArray().Single()!;
        Assert.Equal("pipeline", broken["workflow"]!.GetValue<string>());
        Assert.Equal("BTN093", broken["code"]!.GetValue<string>());
        Assert.Contains("steps.ingest.output.width", broken["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, "/api/catalogs/default/versions/2", ApiServer.AdminKey)).StatusCode);
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs?force=true", ApiServer.AdminKey, breaking, expect: 201);
    }

    [Fact]
    public async Task Start_OutputBreakingItsSchema_FailsTheStepOnceWithOutputSchemaViolation()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, Catalog("1", "image: { type: string }, width: { type: integer }"), expect: 201);
        await Server.UploadAsync(ApiServer.Workflow("ingest-only", """
              steps:
                - { id: ingest, task: ingest, retry: { max_attempts: 3, backoff: fixed, initial_delay: 1s } }
            """));

        var done = await Server.JsonAsync(HttpMethod.Post, "/api/workflows/ingest-only/instances?instanceId=contract-1&wait=30", expect: 200);

        Assert.Equal("Failed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("OutputSchemaViolation", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("/image", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, done["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "ingest")!["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListTasks_ShowsRolesAndBothSchemas()
    {
        await Server.JsonAsync(HttpMethod.Post, "/api/catalogs", ApiServer.AdminKey, Catalog("1", "image: { type: string }"), expect: 201);

        var tasks = await Server.JsonAsync(HttpMethod.Get, "/api/tasks", ApiServer.AdminKey, expect: 200);

        var ingest = tasks["tasks"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "ingest")!;
        Assert.Equal("ingestion", ingest["roles"]![0]!.GetValue<string>());
        Assert.Equal("string", ingest["output_schema"]!["properties"]!["image"]!["type"]!.GetValue<string>());
        Assert.Null(ingest["command"]);
        var resize = tasks["tasks"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "resize")!;
        Assert.Equal("image", resize["input_schema"]!["required"]![0]!.GetValue<string>());
    }

    /// <summary>The suite on <c>baton serve</c> (the embedded hub).</summary>
    public sealed class OnServe : ContractApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.Serve;
    }

    /// <summary>The suite on the function app (the Durable backend).</summary>
    public sealed class OnFunctionApp : ContractApiTests
    {
        protected override ApiHostKind Kind => ApiHostKind.FunctionApp;
    }
}
