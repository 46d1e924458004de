using System.Text.Json.Nodes;
using Baton.ControlPlane.Routing;
using Baton.Durable;
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

    private static IEnumerable<JsonObject> HttpFunctions() =>
        Metadata().Cast<JsonObject>().Where(f => f["bindings"]!.AsArray().Any(b => Text(b!["type"]) == "httpTrigger"));

    [Fact]
    public void Metadata_DeclaresTheDurableFunctionsAndOneHttpFunctionPerRouteOfTheTable()
    {
        var routes = ApiRoutes.For(ApiHosts.FunctionApp).Select(r => r.Name);
        Assert.Equal([.. DurableFunctions().Append("BatonTriggers").Append("BatonWatchdog").Order(StringComparer.Ordinal), .. routes.Order(StringComparer.Ordinal)],
            [.. Metadata().Select(f => Text(f!["name"])).Where(n => n.StartsWith("Baton", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
             .. HttpFunctions().Select(f => Text(f["name"])).Order(StringComparer.Ordinal)]);
        Assert.All(Metadata(), f => Assert.Equal(("Baton.Functions.dll", "dotnet-isolated"), (Text(f!["scriptFile"]), Text(f["language"]))));
    }

    [Fact]
    public void Metadata_OrchestratorAndActivities_HaveDurableTriggers()
    {
        foreach (var name in DurableFunctions())
        {
            var trigger = name == DurableNames.Orchestrator ? "orchestrationTrigger" : "activityTrigger";
            Assert.Equal((trigger, "In"), Bindings(name).Select(b => (Text(b["type"]), Text(b["direction"]))).Single());
        }
    }

    [Fact]
    public void Metadata_TriggerFunction_HasATimerOnItsSettingAndADurableClient()
    {
        var bindings = Bindings("BatonTriggers").ToList();
        var timer = Assert.Single(bindings, b => Text(b["type"]) == "timerTrigger");
        Assert.Equal("%" + TriggerFunctions.ScheduleSetting + "%", Text(timer["schedule"]));
        // The timer trigger is built into the Functions host, so extensions.json needs nothing for it.
        Assert.Contains(bindings, b => Text(b["type"]) == "durableClient");
    }

    /// <summary>Every orchestrator and activity name Baton's workers register (<see cref="DurableNames"/>).</summary>
    private static IEnumerable<string> DurableFunctions() =>
        typeof(DurableNames).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Metadata_EveryHttpFunction_HasItsRoutesTemplateMethodAndKeyLevelAndADurableClient()
    {
        var failures = new List<string>();
        foreach (var route in ApiRoutes.For(ApiHosts.FunctionApp))
        {
            var trigger = Bindings(route.Name).Single(b => Text(b["type"]) == "httpTrigger");
            var declared = (Text(trigger["route"]), Text(trigger["authLevel"]), string.Join(',', trigger["methods"]!.AsArray().Select(m => Text(m))));
            var expected = (route.Template, route.Level.ToString(), route.Method.ToLowerInvariant());
            if (declared != expected)
            {
                failures.Add($"{route.Name}: declares {declared}, the table says {expected}");
            }
            if (!Bindings(route.Name).Any(b => Text(b["type"]) == "durableClient" && Text(b["direction"]) == "In"))
            {
                failures.Add($"{route.Name}: no durableClient binding");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Metadata_NoHttpRoute_UsesAPrefixTheFunctionsHostReserves() =>
        Assert.All(HttpFunctions(), f => Assert.False(Text(Bindings(Text(f["name"])).Single(b => Text(b["type"]) == "httpTrigger")["route"]) is var r
            && (r.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || r.StartsWith("runtime", StringComparison.OrdinalIgnoreCase)), Text(f["name"])));

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
    public void HostJson_UsesTheAzureStorageProviderAHubFromAppSettingsAndNoRoutePrefix()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "host.json")))!["extensions"]!;
        // Routes are written whole (api/..., ui/..., metrics), so both hosts answer on the same paths.
        Assert.Equal("", Text(extensions["http"]!["routePrefix"]));
        var durable = extensions["durableTask"]!;
        Assert.Equal("%BATON_TASK_HUB%", Text(durable["hubName"]));
        Assert.Equal(("AzureStorage", "AzureWebJobsStorage"), (Text(durable["storageProvider"]!["type"]), Text(durable["storageProvider"]!["connectionName"])));
        // The extension's own Flex default: the first message after a quiet spell waits at most a second (docs/deploy.md).
        Assert.Equal("00:00:01", Text(durable["storageProvider"]!["maxQueuePollingInterval"]));
    }
}
