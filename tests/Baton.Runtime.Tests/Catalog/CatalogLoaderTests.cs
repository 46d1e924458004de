using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

public class CatalogLoaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    [Fact]
    public void Load_AllRunnerKinds_BuildsBindings()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              resize: { runner: process, command: ["convert", "${input.file}"], workdir: tools, timeout: 1m }
              lookup: { runner: http, method: get, url: "https://api.example.org/${input.n}", headers: { X-Key: abc } }
              local: { runner: function, function: echo }
            """, "catalog.yaml", "/base");
        Assert.Empty(problems);
        var p = Assert.IsType<ProcessBinding>(catalog!.Tasks["resize"]);
        Assert.Equal((2, "tools", TimeSpan.FromMinutes(1)), (p.Command.Length, p.WorkingDirectory, p.Timeout));
        Assert.Equal("GET", Assert.IsType<HttpBinding>(catalog.Tasks["lookup"]).Method);
        Assert.Equal("echo", Assert.IsType<FunctionBinding>(catalog.Tasks["local"]).Function);
    }

    [Fact]
    public void Load_HttpServe_TakesThePortFromTheUrlAndRefusesAStringCommandOrNoPort()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              local: { runner: http, url: "http://127.0.0.1:8123/run", allow_private_network: true, serve: { command: [python3, server.py], env: { MODE: test } } }
              secret: { runner: http, url: "https://api.example.org", headers: { Authorization: "Bearer ${secrets.API_KEY}", X-Id: "${input.id}" } }
            """, "c.yaml", ".");
        var (_, refused) = CatalogLoader.Load(Head + """
              shell: { runner: http, url: "http://127.0.0.1:8123/run", serve: { command: "python3 server.py" } }
              away: { runner: http, url: "https://api.example.org/run", serve: { command: [python3, server.py] } }
            """, "c.yaml", ".");

        Assert.Empty(problems);
        var local = Assert.IsType<HttpBinding>(catalog!.Tasks["local"]);
        Assert.Equal((8123, "python3 server.py", "test"), (local.Serve!.Port, string.Join(' ', local.Serve.Command), local.Serve.Environment["MODE"]));
        Assert.Equal(["API_KEY"], Assert.IsType<HttpBinding>(catalog.Tasks["secret"]).Secrets.AsEnumerable());
        Assert.Contains(refused, p => p.Path == "tasks.shell.serve.command");
        Assert.Contains(refused, p => p.Code == "BTN072" && p.Path == "tasks.away.serve");
    }

    [Fact]
    public void Load_ShellStringCommand_IsRefusedWithPosition()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  bad:\n    runner: process\n    command: \"rm -rf ${input.path}\"\n", "c.yaml", ".");
        Assert.Null(catalog);
        var d = Assert.Single(problems);
        Assert.Equal(("BTN051", 6, 14), (d.Code, d.Location.Line, d.Location.Column));
        Assert.Contains("argv list", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("BATON_ADMIN_KEY")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("MyDbConnectionString")]
    public void Load_EventKeySettingOfTheHost_IsRefusedAtTheKey(string setting)
    {
        var (catalog, problems) = CatalogLoader.Load(Head + $"  check:\n    runner: event\n    endpoint: https://topic.example.org/api/events\n    key_setting: {setting}\n", "c.yaml", ".");
        Assert.Null(catalog);
        var d = Assert.Single(problems);
        Assert.Equal(("BTN092", 7, 18), (d.Code, d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void Load_UnknownRunnerAndKey_ReportsBothWithHints()
    {
        var (_, problems) = CatalogLoader.Load(Head + "  a: { runner: proces, command: [x] }\n  b: { runner: http, url: 'https://x', metod: GET }\n", "c.yaml", ".");
        Assert.Equal(2, problems.Count);
        Assert.Contains("Did you mean 'process'?", problems[0].Fix, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'method'?", problems[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EventRunner_BuildsBindingWithDefaults()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              checknumber: { runner: event, endpoint: "https://topic.example.org/api/events", key_setting: TOPIC_KEY }
              keptn: { runner: event, endpoint: "https://t/api/events", key_setting: K, event: check, type_prefix: sh.keptn.event., redeliver_after: 30s }
            """, "catalog.yaml", "/base");
        Assert.Empty(problems);
        var e = Assert.IsType<EventBinding>(catalog!.Tasks["checknumber"]);
        Assert.Equal(("checknumber.triggered", "TOPIC_KEY", "/baton", TimeSpan.FromMinutes(10), false),
            (e.TriggeredType, e.KeySetting, e.Source, e.RedeliverAfter, e.AllowPrivateNetwork));
        var k = Assert.IsType<EventBinding>(catalog.Tasks["keptn"]);
        Assert.Equal(("sh.keptn.event.check.triggered", TimeSpan.FromSeconds(30)), (k.TriggeredType, k.RedeliverAfter));
    }

    [Fact]
    public void Load_EventRunnerWithoutEndpointOrKey_NamesBoth()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  x: { runner: event }\n", "c.yaml", ".");
        Assert.Null(catalog);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Message.Contains("'endpoint'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("'key_setting'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ContainerRunner_BuildsBindingAndChecksNetwork()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              resize: { runner: container, image: "localhost/resize:1", command: ["resize", "${input.file}"], env: { W: "256" }, network: host }
              plain: { runner: container, image: "localhost/tool:1" }
            """, "catalog.yaml", "/base");
        Assert.Empty(problems);
        var c = Assert.IsType<ContainerBinding>(catalog!.Tasks["resize"]);
        Assert.Equal(("localhost/resize:1", 2, "host", 1), (c.Image, c.Command.Length, c.Network, c.Environment.Count));
        var plain = Assert.IsType<ContainerBinding>(catalog.Tasks["plain"]);
        Assert.Equal((0, "none"), (plain.Command.Length, plain.Network));

        var (_, bad) = CatalogLoader.Load(Head + "  x: { runner: container, image: i, network: everywhere, command: \"sh -c 'rm -rf /'\" }\n", "c.yaml", ".");
        Assert.Equal(["BTN015", "BTN051"], bad.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_ContainerOnAci_ReadsPlatformAndResources()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  big: { runner: container, image: i, platform: aci, cpu: 2, memory_gb: 3.5 }\n", "c.yaml", ".");

        Assert.Empty(problems);
        var c = Assert.IsType<ContainerBinding>(catalog!.Tasks["big"]);
        Assert.Equal(("aci", 2.0, 3.5), (c.Platform, c.Cpu, c.MemoryGb));
        Assert.Equal("aci", c.PlatformIn(_ => "docker"));
    }

    [Fact]
    public void Load_ContainerBadPlatformOrResources_NamesEachKey()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  x: { runner: container, image: i, platform: k8s, cpu: 0, memory_gb: \"lots\" }\n", "c.yaml", ".");

        Assert.Null(catalog);
        Assert.Equal(["BTN012", "BTN013", "BTN015"], problems.Select(p => p.Code).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("'k8s' is not a container platform", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CircuitBreaker_ReadsItOnAnyRunnerWithDefaults()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              pay: { runner: http, url: "https://pay.example/charge", circuit_breaker: { failures: 3, open_for: 1m, while_open: wait } }
              ping: { runner: function, function: echo, circuit_breaker: {} }
            """, "c.yaml", ".");

        Assert.Empty(problems);
        Assert.Equal(new CircuitBreakerPolicy(3, TimeSpan.FromMinutes(1), true), catalog!.Tasks["pay"].CircuitBreaker);
        Assert.Equal(new CircuitBreakerPolicy(5, TimeSpan.FromSeconds(30), false), catalog.Tasks["ping"].CircuitBreaker);
    }

    [Theory]
    [InlineData("{ failures: 0 }", "BTN013")]
    [InlineData("{ open_for: 0s }", "BTN013")]
    [InlineData("{ open_for: soon }", "BTN014")]
    [InlineData("{ while_open: retry }", "BTN015")]
    [InlineData("{ trip: 3 }", "BTN010")]
    public void Load_BadCircuitBreaker_NamesTheKey(string breaker, string code)
    {
        var (catalog, problems) = CatalogLoader.Load(Head + $"  x: {{ runner: function, function: echo, circuit_breaker: {breaker} }}\n", "c.yaml", ".");

        Assert.Null(catalog);
        Assert.Equal(code, Assert.Single(problems).Code);
        Assert.Contains("circuit_breaker", Assert.Single(problems).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MaxConcurrency_ReadOnAnyRunnerAndBounded()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  gpu: { runner: function, function: echo, max_concurrency: 2 }\n", "c.yaml", ".");
        var (_, bad) = CatalogLoader.Load(Head + "  gpu: { runner: function, function: echo, max_concurrency: 0 }\n", "c.yaml", ".");

        Assert.Empty(problems);
        Assert.Equal(2, catalog!.Tasks["gpu"].MaxConcurrency);
        Assert.Equal("BTN013", Assert.Single(bad).Code);
    }
}
