using System.Globalization;

namespace Baton.Runtime.Runners.Aci;

/// <summary>Where container tasks run on Azure Container Instances: the subscription, resource group and region
/// container groups are created in, the Resource Manager endpoint, and how often a group is polled.</summary>
/// <remarks>Read from app settings at each dispatch, so a missing one fails the step with its name rather than
/// stopping the host; the function app also checks them at start when <c>BATON_CONTAINER_PLATFORM=aci</c>.</remarks>
public sealed record AciSettings(string SubscriptionId, string ResourceGroup, string Location, Uri Endpoint, TimeSpan PollInterval)
{
    /// <summary>The subscription container groups are created in.</summary>
    public const string SubscriptionSetting = "BATON_ACI_SUBSCRIPTION_ID";

    /// <summary>The resource group container groups are created in (the identity needs rights there only).</summary>
    public const string ResourceGroupSetting = "BATON_ACI_RESOURCE_GROUP";

    /// <summary>The region container groups are created in.</summary>
    public const string LocationSetting = "BATON_ACI_LOCATION";

    /// <summary>The Resource Manager endpoint (default the public cloud's); a sovereign cloud's, or a local stand-in's.</summary>
    public const string EndpointSetting = "BATON_ACI_ARM_ENDPOINT";

    /// <summary>Seconds between reads of a running group's state (default 2).</summary>
    public const string PollSetting = "BATON_ACI_POLL_INTERVAL";

    /// <summary>Every setting read here, for the function app's list of settings.</summary>
    public static readonly IReadOnlyList<string> Names = [SubscriptionSetting, ResourceGroupSetting, LocationSetting, EndpointSetting, PollSetting];

    /// <summary>The public cloud's Resource Manager.</summary>
    public static readonly Uri PublicCloud = new("https://management.azure.com/");

    /// <summary>Reads the settings; on failure, <paramref name="problem"/> names the setting and how to fix it.</summary>
    public static AciSettings? Read(Func<string, string?> appSetting, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(appSetting);
        var missing = new[] { SubscriptionSetting, ResourceGroupSetting, LocationSetting }.Where(n => appSetting(n) is not { Length: > 0 }).ToList();
        if (missing.Count > 0)
        {
            problem = $"Container tasks on Azure Container Instances need the app setting{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}: " +
                "the subscription, resource group and region to create container groups in (infra/ gives all three).";
            return null;
        }
        var endpoint = PublicCloud;
        if (appSetting(EndpointSetting) is { Length: > 0 } e && !(Uri.TryCreate(e, UriKind.Absolute, out endpoint!) && endpoint.Scheme == Uri.UriSchemeHttps))
        {
            problem = $"{EndpointSetting} is '{e}': give the https address of Azure Resource Manager, e.g. {PublicCloud}.";
            return null;
        }
        var poll = TimeSpan.FromSeconds(2);
        if (appSetting(PollSetting) is { Length: > 0 } p)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0.05 or > 300)
            {
                problem = $"{PollSetting} is '{p}': give seconds between 0.05 and 300, e.g. 2.";
                return null;
            }
            poll = TimeSpan.FromSeconds(seconds);
        }
        problem = null;
        return new AciSettings(appSetting(SubscriptionSetting)!, appSetting(ResourceGroupSetting)!, appSetting(LocationSetting)!, endpoint, poll);
    }
}
