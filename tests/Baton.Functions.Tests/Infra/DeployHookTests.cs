using System.Text.RegularExpressions;
using Baton.Testing;

namespace Baton.Functions.Tests.Infra;

/// <summary>What azd runs around provisioning: the provider registration before it, and the task-event subscription after
/// each deploy, made as a deployment of its own once the app answers, with nothing kept in the azd environment.</summary>
public sealed partial class DeployHookTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([RepoPaths.Root, .. path]));

    [GeneratedRegex(@"\$\{?(BATON_[A-Z_]+|AZURE_RESOURCE_GROUP)\b")]
    private static partial Regex EnvironmentValue();

    // An azd command run by a line of a script (not one a message tells the user to run).
    [GeneratedRegex(@"(?m)^\s*(?:[^#'""\n]*[;&|]\s*)?azd\s+(?:env|provision|up|deploy)\b")]
    private static partial Regex AzdCommand();

    [Fact]
    public void Template_Provisioning_MakesNoEventSubscription()
    {
        // Made while provisioning, the subscription raced the site's restart and its handshake; the hook makes it now.
        Assert.DoesNotContain(Bicep.Objects(Bicep.Template()), o => (string?)o["type"] == "Microsoft.EventGrid/topics/eventSubscriptions");
    }

    [Fact]
    public void AzdEnvironment_KeepsNoStateThatBreaksTheNextUp()
    {
        Assert.DoesNotContain("BATON_SUBSCRIBE_TASK_EVENTS", Read("infra", "main.parameters.json"), StringComparison.Ordinal);
        var azure = Read("azure.yaml");
        Assert.DoesNotContain("azd env set", azure, StringComparison.Ordinal);
        Assert.DoesNotContain("azd provision", azure, StringComparison.Ordinal); // no azd nested in a hook
        foreach (var script in new[] { "subscribe-task-events.sh", "subscribe-task-events.ps1", "register-providers.sh", "register-providers.ps1" })
        {
            Assert.DoesNotMatch(AzdCommand(), Read("infra", "hooks", script)); // azd nested in a hook has hung; none runs here
        }
    }

    [Fact]
    public void PostdeployHook_WaitsForTheHandshakeThenDeploysTheSubscriptionModule()
    {
        var azure = Read("azure.yaml");
        Assert.Contains("run: infra/hooks/subscribe-task-events.sh", azure, StringComparison.Ordinal);
        Assert.Contains("run: infra/hooks/subscribe-task-events.ps1", azure, StringComparison.Ordinal);
        var script = Read("infra", "hooks", "subscribe-task-events.sh");
        var wait = script.IndexOf("wait-for-endpoint.sh", StringComparison.Ordinal);
        var deploy = script.IndexOf("az deployment group create", StringComparison.Ordinal);
        Assert.True(wait > 0 && deploy > wait, "the hook must wait for the endpoint before it subscribes");
        Assert.Contains("modules/task-events.bicep", script, StringComparison.Ordinal);
        var (exit, _, stderr) = Bicep.Run("build", Path.Combine(RepoPaths.Root, "infra", "modules", "task-events.bicep"), "--stdout");
        Assert.True(exit == 0 && stderr.Trim().Length == 0, stderr);
    }

    [Fact]
    public void PostdeployHook_EveryValueItReads_IsAnOutputOfTheTemplate()
    {
        var outputs = Bicep.Template()["outputs"]!.AsObject().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var read = EnvironmentValue().Matches(Read("infra", "hooks", "subscribe-task-events.sh")).Select(m => m.Groups[1].Value)
            .Where(n => n != "BATON_ENDPOINT_WAIT_SECONDS").Distinct().ToList();

        Assert.NotEmpty(read);
        Assert.All(read, n => Assert.True(outputs.Contains(n), $"the hook reads {n}, which the template does not output"));
    }

    [Fact]
    public void PreprovisionHook_RegistersTheContainerInstanceProvider()
    {
        var azure = Read("azure.yaml");
        Assert.Contains("preprovision:", azure, StringComparison.Ordinal);
        Assert.Contains("run: infra/hooks/register-providers.sh", azure, StringComparison.Ordinal);
        foreach (var script in new[] { "register-providers.sh", "register-providers.ps1" })
        {
            var text = Read("infra", "hooks", script);
            Assert.Contains("Microsoft.ContainerInstance", text, StringComparison.Ordinal);
            Assert.Contains("az provider register", text, StringComparison.Ordinal);
        }
    }
}
