using System.Text.Json.Nodes;
using Baton.Testing;
using Microsoft.Extensions.Configuration;

namespace Baton.Functions.Tests.Infra;

/// <summary>The settings infra/ gives the function app are exactly ones the app reads, and include every one it needs.</summary>
public sealed class AppSettingsConsistencyTests
{
    /// <summary>The function app module's two lists of app settings: those every plan gets, and Elastic Premium's extra ones.</summary>
    private static (JsonArray Common, JsonArray Premium) Settings()
    {
        var module = Assert.Single(Bicep.Objects(Bicep.Template()), o => o["variables"]?["commonSettings"] is not null);
        Assert.Contains(Bicep.Objects(module["resources"]), r => (string?)r["type"] == "Microsoft.Web/sites");
        var variables = module["variables"]!.AsObject();
        return (variables["commonSettings"]!.AsArray(), variables["premiumSettings"]!.AsArray());
    }

    private static Dictionary<string, string> AsDictionary(IEnumerable<JsonNode?> settings) =>
        settings.ToDictionary(s => (string)s!["name"]!, s => s!["value"]!.ToString(), StringComparer.Ordinal);

    /// <summary>Configuration as the app sees it in Azure: the given settings with stand-in values, on a site with a managed identity.</summary>
    private static IConfiguration InAzure(IEnumerable<string> names) => new ConfigurationBuilder()
        .AddInMemoryCollection(names.Select(n => KeyValuePair.Create(n.Replace("__", ":", StringComparison.Ordinal), (string?)StandIn(n)))
            .Append(KeyValuePair.Create("WEBSITE_SITE_NAME", (string?)"func-baton"))
            .Append(KeyValuePair.Create("IDENTITY_ENDPOINT", (string?)"http://localhost:8081/msi/token")))
        .Build();

    private static string StandIn(string name) => name switch
    {
        AppSettings.DataThreshold => "32768",
        Baton.Runtime.Catalog.ContainerBinding.PlatformSetting => "aci",
        Baton.Runtime.Runners.KeptnEvents.EndpointSetting => "https://evgt.westeurope-1.eventgrid.azure.net/api/events",
        AppSettings.ClientId or AppSettings.StorageClientId => "00000000-0000-0000-0000-000000000001",
        _ => "value",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BicepSettings_EachPlan_AreAllReadByTheApp(bool premium)
    {
        var (common, premiumOnly) = Settings();
        var given = AsDictionary(premium ? common.Concat(premiumOnly) : common);

        Assert.All(given.Keys, n => Assert.True(AppSettings.Known.ContainsKey(n), $"infra gives the app '{n}', which nothing in it reads."));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BicepSettings_EachPlan_GiveEverythingTheAppNeeds(bool premium)
    {
        var (common, premiumOnly) = Settings();
        var given = AsDictionary(premium ? common.Concat(premiumOnly) : common);

        Assert.Empty(AppSettings.Problems(InAzure(given.Keys)));
    }

    [Fact]
    public void BicepSettings_HostAndBaton_UseTheSameIdentity()
    {
        var given = AsDictionary(Settings().Common);

        Assert.Equal(given[AppSettings.StorageClientId], given[AppSettings.ClientId]);
        Assert.Equal("managedidentity", given[AppSettings.StorageCredential]);
    }

    [Fact]
    public void BicepSettings_FlexConsumption_OmitsTheRuntimeSettingsFlexRefuses()
    {
        var names = AsDictionary(Settings().Common).Keys;

        Assert.DoesNotContain(AppSettings.WorkerRuntime, names);
        Assert.DoesNotContain(AppSettings.ExtensionVersion, names);
    }

    [Theory]
    [InlineData(AppSettings.TaskHub)]
    [InlineData(AppSettings.StorageAccountName)]
    [InlineData(Baton.Runtime.Runners.Aci.AciSettings.ResourceGroupSetting)]
    public void Problems_BicepSettingMissing_NamesIt(string missing)
    {
        var names = AsDictionary(Settings().Common).Keys.Where(n => n != missing);

        Assert.Contains(AppSettings.Problems(InAzure(names)), p => p.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void LocalSettingsSample_Settings_AreAllReadAndSufficient()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Baton.Functions", "local.settings.sample.json")))!["Values"]!.AsObject();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(sample.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value!.ToString()))).Build();

        Assert.All(sample.Select(p => p.Key), n => Assert.True(AppSettings.Known.ContainsKey(n), $"The sample gives '{n}', which nothing in the app reads."));
        Assert.Empty(AppSettings.Problems(configuration));
    }
}
