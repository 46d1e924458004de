using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions.Import;

public sealed class ComposeImporterTests
{
    private static LoadResult Load(string yaml, IReadOnlySet<string>? known = null) =>
        DefinitionLoader.Load(yaml, "compose.yaml", new DefinitionOptions(known));

    [Fact]
    public void Load_IfJob_RoutesToOneTargetAndSkipsTheOtherBranchsChain()
    {
        var result = Load("""
            workflows:
              - id: route
                jobs:
                  - id: probe
                    component: prober
                  - id: decide
                    type: if
                    conditions:
                      - operator: eq
                        input: ${jobs.probe.status}
                        value: success
                        if_true: good
                        if_false: bad
                  - id: good
                    component: worker
                  - id: bad
                    component: worker
                  - id: after-bad
                    component: worker
                    depends_on: [ bad ]
                  - id: join
                    component: worker
                    depends_on: [ good, bad ]
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var steps = result.Definition!.Steps.ToDictionary(s => s.Id);
        var decide = steps["decide"];
        Assert.Equal(StepType.Switch, decide.Type);
        Assert.Equal(["probe"], decide.DependsOn.AsEnumerable());
        Assert.Equal(["${(steps.probe.status) == 'succeeded'}", "${!((steps.probe.status) == 'succeeded')}"], decide.Cases.Select(c => c.When));
        Assert.Equal(["good", "bad"], decide.Cases.Select(c => c.Steps.Single()));
        Assert.Equal(["decide"], steps["good"].DependsOn.AsEnumerable());
        Assert.Equal(["bad"], steps["after-bad"].DependsOn.AsEnumerable());
        Assert.Equal(["good", "bad"], steps["join"].DependsOn.AsEnumerable());
    }

    [Fact]
    public void Load_JobReadsAnotherWithoutDependsOn_DependsOnIt()
    {
        var result = Load("""
            workflows:
              - id: dlq
                jobs:
                  - id: primary
                    component: main
                    on_error: continue
                  - id: dead-letter
                    component: handler
                    input: { error: "${jobs.primary.error}" }
                    condition: ${jobs.primary.status == 'failed'}
            """);

        var dead = result.Definition!.Steps.Single(s => s.Id == "dead-letter");
        Assert.Equal(["primary"], dead.DependsOn.AsEnumerable());
        Assert.Equal("(steps.primary.status == 'failed')", dead.Condition);
        Assert.Equal(OnFailure.Continue, result.Definition.Steps[0].OnFailure);
    }

    [Fact]
    public void Load_Components_BecomeBindingsAndRetries()
    {
        var result = Load("""
            components:
              - id: api
                type: http-client
                base_url: https://api.example.org
                path: /v1/run
                method: put
                timeout: 1500
                retry: { attempts: 4, delay: 2000, backoff: exponential, max_delay: 30000 }
              - id: local
                type: http-server
                start: [ python, server.py ]
                port: 8001
              - id: tool
                type: shell
                command: [ python, tool.py ]
              - id: brain
                type: model
                model: some/model
                task: text-classification
            workflow:
              jobs:
                - { id: a, component: api }
                - { id: b, component: local, depends_on: [a] }
                - { id: c, component: tool, depends_on: [b] }
                - { id: d, component: brain, depends_on: [c] }
            """, new HashSet<string> { "brain" });

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var tasks = result.ImportedCatalog!["tasks"]!;
        Assert.Equal("""{"runner":"http","method":"PUT","url":"https://api.example.org/v1/run","timeout":"1500ms","retry":{"max_attempts":4,"initial_delay":"2s","max_delay":"30s","backoff":"exponential"}}""",
            tasks["api"]!.ToJsonString());
        Assert.Equal("http://127.0.0.1:8001", tasks["local"]!["url"]!.GetValue<string>());
        Assert.True(tasks["local"]!["allow_private_network"]!.GetValue<bool>());
        Assert.Contains("started by: python server.py", tasks["local"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""{"runner":"process","command":["python","tool.py"],"output":"text"}""", tasks["tool"]!.ToJsonString());
        // A model is a task the user binds: an entry without a runner, saying what it was and what would serve it.
        Assert.Null(tasks["brain"]!["runner"]);
        Assert.Contains("model component 'brain' (model: some/model, task: text-classification)", tasks["brain"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("HTTP inference endpoint", tasks["brain"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HttpClientWithEndpoint_CallsThatUrl()
    {
        var result = Load("""
            components:
              chat:
                type: http-client
                endpoint: https://api.example.org/v1/chat
                method: POST
                headers: { Authorization: "Bearer ${input.token}" }
            workflow:
              jobs:
                - { id: ask, component: chat, input: { prompt: "${input.prompt}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("https://api.example.org/v1/chat", result.ImportedCatalog!["tasks"]!["chat"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Load_HttpClientWithParams_PutsThemInTheQueryEncoded()
    {
        var result = Load("""
            components:
              weather:
                type: http-client
                base_url: https://api.weather.example
                path: /v1/current
                method: GET
                params:
                  q: ${input.city}
                  units: metric & more
                  aqi: yes
                  days: 3
                  label: "day ${input.day}!"
            workflow:
              jobs:
                - { id: now, component: weather, input: { city: "${input.city}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("https://api.weather.example/v1/current?q=${input.city}&units=metric%20%26%20more&aqi=yes&days=3&label=day%20${input.day}%21",
            result.ImportedCatalog!["tasks"]!["weather"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Load_HttpClientWithUrlAndEndpoint_IsRefusedAtEndpoint()
    {
        var result = Load("""
            components:
              chat: { type: http-client, url: "https://a.example.org", endpoint: "https://b.example.org" }
            workflow:
              jobs:
                - { id: ask, component: chat }
            """);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN074", "components.chat.endpoint", 2), (d.Code, d.Path, d.Location.Line));
    }

    [Fact]
    public void Load_MetadataAndVariables_AreVariables()
    {
        var result = Load("""
            workflows:
              - id: traced
                metadata: { trace_id: "${uuid()}" }
                variables: { base: https://example.org }
                jobs:
                  - id: call
                    component: svc
                    input: { trace: "${metadata.trace_id}", url: "${variables.base}/x" }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["trace_id", "base"], result.Definition!.Variables.Select(v => v.Key));
        Assert.Equal("${variables.trace_id}", result.Definition.Steps[0].Input!["trace"]!.GetValue<string>());
    }

    [Fact]
    public void Load_Mistakes_ArePointedAtInTheFileAsWritten()
    {
        var result = Load("""
            components:
              - id: sh
                type: shell
                command: python tool.py
            workflows:
              - id: bad
                jobs:
                  - id: one
                    component: sh
                    input: { x: "${jobs.nope.output}" }
                  - id: two
                    component: svc
                    condition: ${jobs.one.output.x ==}
                  - id: three
                    type: loop
            """);

        Assert.False(result.Succeeded);
        var found = result.Diagnostics.Select(d => (d.Code, d.Location.Line, d.Path)).ToList();
        Assert.Contains(("BTN051", 4, "components[0].command"), found);
        Assert.Contains(("BTN075", 10, "workflows[0].jobs[0].input.x"), found);
        Assert.Contains(("BTN077", 15, "workflows[0].jobs[2].type"), found);
    }

    [Fact]
    public void Load_BadExpressionInImportedJob_NamesTheJobsKeyAndLine()
    {
        var result = Load("""
            workflows:
              - id: w
                jobs:
                  - id: one
                    component: svc
                  - id: two
                    component: svc
                    depends_on: [ one ]
                    input: { v: "${jobs.one.output.x +}" }
            """);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((9, "workflows[0].jobs[1].input.v"), (d.Location.Line, d.Path));
    }

    [Fact]
    public void Load_UnknownComponentTask_IsReportedAtTheComponentKey()
    {
        var result = Load("""
            workflows:
              - id: w
                jobs:
                  - id: one
                    component: nowhere
            """, new HashSet<string> { "echo" });

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("BTN022", 5, 20, "workflows[0].jobs[0].component"), (d.Code, d.Location.Line, d.Location.Column, d.Path));
    }
}
