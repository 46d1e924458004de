namespace Baton.Functions.Tests.Infra;

/// <summary>infra/ compiles and lints clean with the Bicep CLI, offline, against Azure's resource types.</summary>
public sealed class InfraTests
{
    [Fact]
    public void Build_Main_CompilesWithNoDiagnostics()
    {
        var (exit, _, stderr) = Bicep.Run("build", Bicep.Main, "--stdout");

        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public void Lint_Main_ReportsNothing()
    {
        var (exit, stdout, stderr) = Bicep.Run("lint", Bicep.Main);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("", (stdout + stderr).Trim());
    }

    [Fact]
    public void Template_EveryParameterAndOutput_IsDescribed()
    {
        var template = Bicep.Template();

        var undocumented = Bicep.Objects(template)
            .Where(o => o["$schema"] is not null && o["parameters"] is not null)
            .SelectMany(t => (t["parameters"] as System.Text.Json.Nodes.JsonObject ?? []).Concat(t["outputs"] as System.Text.Json.Nodes.JsonObject ?? []))
            .Where(p => p.Value?["metadata"]?["description"] is null)
            .Select(p => p.Key)
            .ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Template_StorageAccount_AllowsNoSharedKeys()
    {
        var accounts = Bicep.Objects(Bicep.Template()).Where(o => (string?)o["type"] == "Microsoft.Storage/storageAccounts").ToList();

        var account = Assert.Single(accounts);
        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_Topic_TakesCloudEventsWithoutKeys()
    {
        var topic = Assert.Single(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.EventGrid/topics");

        Assert.Equal("CloudEventSchemaV1_0", (string?)topic["properties"]!["inputSchema"]);
        Assert.True(topic["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_FlexConsumptionSite_GetsOnlyTheSiteConfigFlexAccepts()
    {
        // ARM refuses ftpsState (error 51021) and other site settings on Flex Consumption; Microsoft's templates send alwaysOn only.
        var site = Assert.Single(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.Web/sites");
        var expression = site["properties"]!["siteConfig"]!.GetValue<string>();

        var flex = System.Text.RegularExpressions.Regex.Match(expression, @"^\[if\(variables\('flex'\), createObject\((.*?)\), createObject\(");
        Assert.True(flex.Success, expression);
        Assert.Equal(["alwaysOn", "appSettings"], System.Text.RegularExpressions.Regex.Matches(flex.Groups[1].Value, @"'(\w+)', ").Select(m => m.Groups[1].Value));
        Assert.Contains("'ftpsState', 'Disabled'", expression[flex.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public void Template_EntraClientId_PutsAppServiceAuthenticationInFrontOfTheKeys()
    {
        var auth = Assert.Single(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.Web/sites/config"
            && ((string?)o["name"])?.Contains("authsettingsV2", StringComparison.Ordinal) == true);
        var validation = auth["properties"]!["globalValidation"]!;
        var entra = auth["properties"]!["identityProviders"]!["azureActiveDirectory"]!;

        // Only when a client id is given; then every path but the machines' needs a sign-in, and the keys stay.
        Assert.Equal("[not(empty(parameters('entraClientId')))]", (string?)auth["condition"]);
        Assert.True(validation["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal(["/api/events", "/api/keptn/events", "/metrics"], validation["excludedPaths"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("[parameters('entraClientId')]", (string?)entra["registration"]!["clientId"]);
        Assert.Equal(2, entra["validation"]!["allowedAudiences"]!.AsArray().Count);
        Assert.False(auth["properties"]!["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_KeyVault_PurgeProtectionIsAParameterOffByDefault()
    {
        // With purge protection always on, `azd down --purge` could not purge the vault and the next `azd up` failed
        // on its name for the retention period.
        var template = Bicep.Template();
        var vault = Assert.Single(Bicep.Objects(template), o => (string?)o["type"] == "Microsoft.KeyVault/vaults");

        Assert.Equal("[if(parameters('purgeProtection'), true(), null())]", (string?)vault["properties"]!["enablePurgeProtection"]);
        Assert.False(template["parameters"]!["keyVaultPurgeProtection"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_ContainerTaskRole_IsNamedUniquelyInTheTenant()
    {
        // Custom role names are unique in a tenant; the same environment name in a second subscription collided.
        var role = Assert.Single(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.Authorization/roleDefinitions");

        Assert.Contains("subscription().subscriptionId", (string?)role["properties"]!["roleName"], StringComparison.Ordinal);
    }

    [Fact]
    public void Template_ServicePools_ScaleEachAppOnItsQueueByTheSameRule()
    {
        var app = Assert.Single(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.App/containerApps");
        var scale = app["properties"]!["template"]!["scale"]!;
        var rule = Assert.Single(scale["rules"]!.AsArray())!["azureQueue"]!;

        Assert.Equal("[length(parameters('pools'))]", (string?)app["copy"]!["count"]);
        Assert.Equal(("[parameters('pools')[copyIndex()].min]", "[parameters('pools')[copyIndex()].max]", "[parameters('pools')[copyIndex()].scaleDownAfterSeconds]"),
            ((string?)scale["minReplicas"], (string?)scale["maxReplicas"], (string?)scale["cooldownPeriod"]));
        Assert.Equal(("[parameters('pools')[copyIndex()].queue]", "[parameters('pools')[copyIndex()].targetPerReplica]"),
            ((string?)rule["queueName"], (string?)rule["queueLength"]));
        Assert.Contains("userAssignedIdentities", (string?)rule["identity"], StringComparison.Ordinal);
    }

    [Fact]
    public void Template_PoolReplicas_MayOnlyProcessTheirQueueAndAddReports()
    {
        var pools = Assert.Single(Bicep.Objects(Bicep.Template()), o => o["$schema"] is not null && o["parameters"]?["pools"] is not null && o["parameters"]?["identityName"] is not null);
        var grants = Bicep.Objects(pools["resources"]).Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();

        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.Contains("queueServices/queues", (string?)g["scope"] ?? "", StringComparison.Ordinal));
        var roles = pools["variables"]!["roles"]!;
        Assert.Equal(("8a0f0c08-91a1-4084-bc3d-661d67233fed", "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"), // Storage Queue Data Message Processor, Sender
            ((string?)roles["queueMessageProcessor"], (string?)roles["queueMessageSender"]));
        Assert.Contains(grants, g => ((string?)g["properties"]!["roleDefinitionId"])!.Contains("roles').queueMessageProcessor", StringComparison.Ordinal)
            && ((string?)g["scope"])!.Contains("parameters('pools')[copyIndex()].queue", StringComparison.Ordinal));
        Assert.Contains(grants, g => ((string?)g["properties"]!["roleDefinitionId"])!.Contains("roles').queueMessageSender", StringComparison.Ordinal)
            && ((string?)g["scope"])!.Contains("variables('resultsQueueName')", StringComparison.Ordinal));
        Assert.Equal(Runtime.Pools.ServicePoolQueues.ResultsQueue, (string?)pools["variables"]!["resultsQueueName"]);
    }

    [Fact]
    public void Template_DurableAlwaysReady_ReachesTheFlexSiteAndDefaultsToScaleToZero()
    {
        var template = Bicep.Template();
        var site = Assert.Single(Bicep.Objects(template), o => (string?)o["type"] == "Microsoft.Web/sites" && o["properties"]?["functionAppConfig"] is not null);

        Assert.Equal(0, template["parameters"]!["durableAlwaysReady"]!["defaultValue"]!.GetValue<int>());
        var config = site["properties"]!["functionAppConfig"]!.GetValue<string>();
        Assert.Contains("'alwaysReady', if(greater(parameters('durableAlwaysReady'), 0), createArray(createObject('name', 'durable'", config, StringComparison.Ordinal);
        Assert.Contains("BATON_DURABLE_ALWAYS_READY", File.ReadAllText(Path.Combine(Baton.Testing.RepoPaths.Root, "infra", "main.parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Template_VnetOption_IsOffByDefaultAndIsolatesStorageBehindPrivateEndpoints()
    {
        var template = Bicep.Template();
        var objects = Bicep.Objects(template).ToList();
        var network = Assert.Single(objects, o => o["$schema"] is not null && o["variables"]?["services"] is not null);
        var storage = Assert.Single(objects, o => (string?)o["type"] == "Microsoft.Storage/storageAccounts");
        var site = Assert.Single(objects, o => (string?)o["type"] == "Microsoft.Web/sites" && o["properties"]?["functionAppConfig"] is not null);

        Assert.False(template["parameters"]!["vnetEnabled"]!["defaultValue"]!.GetValue<bool>());
        Assert.Equal(["blob", "queue", "table"], network["variables"]!["services"]!.AsArray().Select(n => (string)n!));
        Assert.Contains(Bicep.Objects(network["resources"]), r => (string?)r["type"] == "Microsoft.Network/privateEndpoints" && r["copy"] is not null);
        Assert.Equal(("[if(parameters('isolated'), 'Deny', 'Allow')]", "AzureServices"),
            ((string?)storage["properties"]!["networkAcls"]!["defaultAction"], (string?)storage["properties"]!["networkAcls"]!["bypass"]));
        Assert.Contains("parameters('subnetId')", (string?)site["properties"]!["virtualNetworkSubnetId"], StringComparison.Ordinal);
        Assert.Contains("BATON_VNET_ENABLED", File.ReadAllText(Path.Combine(Baton.Testing.RepoPaths.Root, "infra", "main.parameters.json")), StringComparison.Ordinal);
    }
}
