using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

public class GraphExportTests
{
    private static readonly WorkflowDefinition Definition = DefinitionLoader.Load("""
        apiVersion: baton.dev/v1
        kind: Workflow
        metadata: { name: g }
        spec:
          steps:
            - { id: fetch, task: http-get }
            - { id: parse-it, task: parse, depends_on: [fetch], condition: "steps.fetch.output.ok" }
        """, "g.yaml").GetOrThrow();

    [Fact]
    public void Mermaid_TwoSteps_DrawsNodesAndEdge()
    {
        var text = GraphExport.Mermaid(Definition);
        Assert.StartsWith("flowchart TD\n", text, StringComparison.Ordinal);
        Assert.Contains("s_fetch[\"fetch<br/>task: http-get\"]", text, StringComparison.Ordinal);
        Assert.Contains("s_parse_it{\"parse-it<br/>task: parse<br/>if steps.fetch.output.ok\"}", text, StringComparison.Ordinal);
        Assert.Contains("s_fetch --> s_parse_it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_TwoSteps_DrawsDigraph()
    {
        var text = GraphExport.Dot(Definition);
        Assert.Contains("\"fetch\" -> \"parse-it\";", text, StringComparison.Ordinal);
        Assert.Contains("shape=diamond", text, StringComparison.Ordinal);
    }

    private static readonly WorkflowDefinition Saga = DefinitionLoader.Load("""
        apiVersion: baton.dev/v1
        kind: Workflow
        metadata: { name: saga }
        spec:
          steps:
            - { id: create, task: make, on_failure: compensate }
            - { id: notify, task: send, depends_on: [create], on_failure: compensate }
          compensation:
            - { id: remove, task: delete, undoes: create }
            - { id: alert, task: page }
        """, "saga.yaml").GetOrThrow();

    [Fact]
    public void Mermaid_Compensation_DrawsItsStepsApartWithUndoEdges()
    {
        var text = GraphExport.Mermaid(Saga);

        Assert.Contains("subgraph compensation [\"compensation\"]", text, StringComparison.Ordinal);
        Assert.Contains("s_remove[\"remove<br/>task: delete\"]", text, StringComparison.Ordinal);
        Assert.Contains("s_alert[\"alert<br/>task: page\"]", text, StringComparison.Ordinal);
        Assert.Contains("s_create -. undo .-> s_remove", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_Compensation_DrawsAClusterWithUndoEdges()
    {
        var text = GraphExport.Dot(Saga);

        Assert.Contains("subgraph cluster_compensation {", text, StringComparison.Ordinal);
        Assert.Contains("\"alert\" [label=\"alert\\ntask: page\"];", text, StringComparison.Ordinal);
        Assert.Contains("\"create\" -> \"remove\" [style=dashed, label=\"undo\"];", text, StringComparison.Ordinal);
    }
}
