using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Runtime.Runners.Aci;

namespace Baton.Runtime.Tests.Runners.Aci;

/// <summary>Container-group names and what a group's state (as ARM returns it) says.</summary>
public sealed partial class ContainerGroupTests
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$")]
    private static partial Regex AciName();

    [Theory]
    [InlineData("c-1/s/1")]
    [InlineData("Order_42/charge[3]/2")]
    [InlineData("////")]
    [InlineData("a-very-long-instance-id-that-goes-on-and-on-and-on-for-ever/with/a/step/that/is/long/too/17")]
    public void Name_AnyKey_IsAValidAciNameOfAtMost63(string key)
    {
        var name = ContainerGroup.Name(key);

        Assert.Matches(AciName(), name);
        Assert.InRange(name.Length, 1, 63);
    }

    [Fact]
    public void Name_DifferentKeys_DifferentNames() =>
        Assert.NotEqual(ContainerGroup.Name("c-1/s/1"), ContainerGroup.Name("c-1/s/2"));

    [Fact]
    public void State_ImagePullBackOff_IsAPullFailureWithACIsMessage()
    {
        var properties = JsonNode.Parse("""
            {"provisioningState":"Succeeded","containers":[{"name":"task","properties":{"image":"x","instanceView":{
              "restartCount":0,"currentState":{"state":"Waiting","detailStatus":"ImagePullBackOff"},
              "events":[{"count":3,"name":"Failed","type":"Warning","message":"Failed to pull image \"x\": not found"}]}}}]}
            """);

        var state = ContainerGroup.State(properties);

        Assert.Equal(GroupPhase.ImagePullFailed, state.Phase);
        Assert.Contains("Failed to pull image", state.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void State_Terminated_CarriesTheExitCode()
    {
        var properties = JsonNode.Parse("""
            {"provisioningState":"Succeeded","containers":[{"name":"task","properties":{"instanceView":{
              "currentState":{"state":"Terminated","exitCode":137,"detailStatus":"Error"}}}}]}
            """);

        Assert.Equal(new GroupState(GroupPhase.Terminated, 137, "Error"), ContainerGroup.State(properties));
    }

    [Fact]
    public void State_ProvisioningFailed_IsAFailure() =>
        Assert.Equal(GroupPhase.Failed, ContainerGroup.State(JsonNode.Parse("""{"provisioningState":"Failed","containers":[]}""")).Phase);

    [Fact]
    public void State_NoInstanceViewYet_IsRunning() =>
        Assert.Equal(GroupPhase.Running, ContainerGroup.State(JsonNode.Parse("""{"provisioningState":"Creating","containers":[{"name":"task","properties":{}}]}""")).Phase);
}
