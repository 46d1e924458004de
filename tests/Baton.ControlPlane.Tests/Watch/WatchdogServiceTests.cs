using System.Text.RegularExpressions;
using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Watch;

/// <summary><c>baton serve</c>'s watchdog looks on its own every BATON_WATCHDOG_INTERVAL and sets <c>baton_instances_stuck</c> on /metrics.</summary>
/// <remarks>The function app runs the same look from a Timer trigger only the Functions host fires (not installable here).</remarks>
public sealed partial class WatchdogServiceTests : ApiSuite
{
    protected override ApiHostKind Kind => ApiHostKind.Serve;

    protected override ApiServerOptions Options => new() { Environment = new Dictionary<string, string?> { ["BATON_WATCHDOG_INTERVAL"] = "1s" } };

    [Fact]
    public async Task Serve_EventWaitWithoutTimeout_ShowsInTheStuckGauge()
    {
        await Server.UploadAsync(ApiServer.Workflow("approval", "  steps:\n    - { id: wait, type: event, event: approved }\n"));
        await Server.JsonAsync(HttpMethod.Post, "/api/workflows/approval/instances?instanceId=gauge-wait", expect: 202);

        var stuck = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); stuck < 1 && DateTime.UtcNow < deadline;)
        {
            using var response = await Server.SendAsync(HttpMethod.Get, "/metrics", key: null);
            var match = Gauge().Match(await response.Content.ReadAsStringAsync());
            stuck = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            await Task.Delay(stuck < 1 ? 100 : 0);
        }

        Assert.True(stuck >= 1, "baton_instances_stuck{kind=\"unbounded_wait\"} never counted the waiting instance");
    }

    [GeneratedRegex("baton_instances_stuck\\{[^}]*kind=\"unbounded_wait\"[^}]*\\} (\\d+)")]
    private static partial Regex Gauge();
}
