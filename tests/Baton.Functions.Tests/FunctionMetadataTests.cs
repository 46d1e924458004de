using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Functions.Tests;

/// <summary>What the build generated for the Functions host: the functions, their triggers and bindings, and the extensions they need.</summary>
public sealed class FunctionMetadataTests
{
    private static string OutputDirectory =>
        Path.Combine(RepoPaths.Root, "src", "Baton.Functions", "bin", Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!), "net10.0");

    private static JsonArray Metadata() => JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "functions.metadata")))!.AsArray();

    private static JsonObject Function(string name) =>
        Metadata().Cast<JsonObject>().SingleOrDefault(f => f["name"]!.GetValue<string>() == name)
            ?? throw new Xunit.Sdk.XunitException($"functions.metadata has no function '{name}'.");

    private static IEnumerable<JsonObject> Bindings(string name) => Function(name)["bindings"]!.AsArray().Cast<JsonObject>();

    private static string Text(JsonNode? n) => n!.GetValue<string>();

    [Fact]
    public void Metadata_DeclaresExactlyTheAppsFunctions()
    {
        Assert.Equal(["BatonKeepState", "BatonResolveWorkflow", "BatonTask", "BatonWorkflow", "GetInstance", "RewindInstance", "StartWorkflow", "TaskEvents", "UploadCatalog", "UploadDefinition"],
            Metadata().Select(f => Text(f!["name"])).Order(StringComparer.Ordinal));
        Assert.All(Metadata(), f => Assert.Equal(("Baton.Functions.dll", "dotnet-isolated"), (Text(f!["scriptFile"]), Text(f["language"]))));
    }

    [Fact]
    public void Metadata_OrchestratorAndActivity_HaveDurableTriggers()
    {
        Assert.Equal(("orchestrationTrigger", "In"), Bindings("BatonWorkflow").Select(b => (Text(b["type"]), Text(b["direction"]))).Single());
        Assert.Equal(("activityTrigger", "In"), Bindings("BatonTask").Select(b => (Text(b["type"]), Text(b["direction"]))).Single());
        Assert.Equal(("activityTrigger", "In"), Bindings("BatonKeepState").Select(b => (Text(b["type"]), Text(b["direction"]))).Single());
        Assert.Equal(("activityTrigger", "In"), Bindings("BatonResolveWorkflow").Select(b => (Text(b["type"]), Text(b["direction"]))).Single());
    }

    [Theory]
    [InlineData("StartWorkflow", "workflows/{name}/instances", "Function", "post")]
    [InlineData("GetInstance", "instances/{instanceId}", "Function", "get")]
    [InlineData("RewindInstance", "instances/{instanceId}/rewind", "Function", "post")]
    [InlineData("TaskEvents", "events", "Function", "post,options")]
    [InlineData("UploadDefinition", "definitions", "Admin", "post")]
    [InlineData("UploadCatalog", "catalogs", "Admin", "post")]
    public void Metadata_HttpTriggers_HaveTheirRoutesMethodsAndKeys(string name, string route, string authLevel, string methods)
    {
        var trigger = Bindings(name).Single(b => Text(b["type"]) == "httpTrigger");
        Assert.Equal(route, Text(trigger["route"]));
        Assert.Equal(authLevel, Text(trigger["authLevel"]));
        Assert.Equal(methods.Split(','), trigger["methods"]!.AsArray().Select(m => Text(m)));
        Assert.Contains(Bindings(name), b => Text(b["type"]) == "http" && Text(b["direction"]) == "Out");
    }

    [Theory]
    [InlineData("StartWorkflow")]
    [InlineData("GetInstance")]
    [InlineData("TaskEvents")]
    public void Metadata_FunctionsThatManageInstances_GetADurableClient(string name) =>
        Assert.Contains(Bindings(name), b => Text(b["type"]) == "durableClient" && Text(b["direction"]) == "In");

    [Fact]
    public void Extensions_IncludeTheDurableExtension()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "extensions.json")))!["extensions"]!.AsArray()
            .Select(e => Text(e!["name"])).ToList();
        // HTTP triggers are built into the host; the orchestration and activity triggers come from the Durable extension.
        Assert.Contains("DurableTask", extensions);
        Assert.True(File.Exists(Path.Combine(OutputDirectory, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
    }

    [Fact]
    public void HostJson_UsesTheAzureStorageProviderAndAHubFromAppSettings()
    {
        var durable = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "host.json")))!["extensions"]!["durableTask"]!;
        Assert.Equal("%BATON_TASK_HUB%", Text(durable["hubName"]));
        Assert.Equal(("AzureStorage", "AzureWebJobsStorage"), (Text(durable["storageProvider"]!["type"]), Text(durable["storageProvider"]!["connectionName"])));
    }
}
