using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Core.Expressions;

namespace Baton.Runtime.WorkflowTests;

/// <summary>Reads workflow test files (<c>kind: WorkflowTest</c>), reporting every problem with file, line, column and fix.</summary>
public static class WorkflowTestReader
{
    private static readonly string[] TopKeys = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] CaseKeys = ["name", "input", "seed", "mocks", "events", "expect"];
    private static readonly string[] AnswerKeys = ["output", "echo", "error", "retryable", "after"];
    private static readonly string[] ExpectKeys = ["status", "output", "output_includes", "error", "steps", "path", "compensated"];
    private static readonly string[] Statuses = ["completed", "failed", "terminated"];
    private static readonly string[] StepStatuses = ["succeeded", "failed", "skipped", "cancelled", "pending", "running", "waiting"];

    /// <summary>Whether a parsed document is a workflow test file.</summary>
    public static bool IsTestFile(string text) => text.Contains("WorkflowTest", StringComparison.Ordinal);

    /// <summary>Parses a test file; the workflow path resolves against the file's folder.</summary>
    public static (WorkflowTestFile? File, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, string path)
    {
        var (doc, syntax) = SourceReader.Read(text, path);
        if (doc is null)
        {
            return (null, syntax);
        }
        var sink = new DiagnosticSink(doc);
        if (doc.Root is not JsonObject root)
        {
            sink.Add("BTN012", "", "A workflow test must be a mapping.", "Start with 'apiVersion: baton.dev/v1', 'kind: WorkflowTest' and 'spec:'.");
            return (null, sink.Sorted());
        }
        var r = new ObjectReader(sink, root, "", TopKeys);
        r.Header("WorkflowTest", "a workflow test");
        r.Object("metadata", required: false, "name", "description");
        var spec = r.Object("spec", required: true, "workflow", "cases");
        var workflow = spec?.String("workflow", required: true, example: "workflow: ../workflow.yaml");
        var cases = ImmutableArray.CreateBuilder<WorkflowTestCase>();
        if (spec?.Node["cases"] is JsonArray list && list.Count > 0)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"spec.cases[{i}]";
                if (list[i] is not JsonObject c)
                {
                    sink.Add("BTN012", at, $"Case {i} must be a mapping.", "Give each case 'name', 'input', 'mocks' and 'expect'.");
                    continue;
                }
                if (ReadCase(sink, c, at, doc.LocationOf(at)) is { } read)
                {
                    if (!names.Add(read.Name))
                    {
                        sink.Add("BTN088", $"{at}.name", $"Two cases are named '{read.Name}'.", "Give each case its own name.");
                    }
                    cases.Add(read);
                }
            }
        }
        else if (spec is not null)
        {
            sink.Add("BTN012", "spec.cases", "A workflow test needs at least one case.", "Add 'cases:' with a list of cases, each with 'name' and 'expect'.");
        }
        var diagnostics = sink.Sorted();
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        return diagnostics.Count > 0 || workflow is null
            ? (null, diagnostics)
            : (new WorkflowTestFile(path, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, workflow)), cases.ToImmutable()), diagnostics);
    }

    private static WorkflowTestCase? ReadCase(DiagnosticSink sink, JsonObject node, string path, SourceLocation location)
    {
        var r = new ObjectReader(sink, node, path, CaseKeys);
        var name = r.String("name", required: true, example: "name: happy path");
        var mocks = ImmutableDictionary.CreateBuilder<string, ImmutableArray<MockAnswer>>(StringComparer.Ordinal);
        if (node["mocks"] is JsonObject mockNode && r.Object("mocks", required: false, [.. mockNode.Select(p => p.Key)]) is { } mr)
        {
            foreach (var (key, value) in mockNode)
            {
                var at = mr.At(key);
                var answers = value is JsonArray many ? many.Select((a, i) => ReadAnswer(sink, a, $"{at}[{i}]")).ToList() : [ReadAnswer(sink, value, at)];
                if (answers.Count == 0)
                {
                    sink.Add("BTN088", at, $"The mock for '{key}' gives no answer.", "Give one answer, or a list with one per attempt.");
                }
                else if (answers.All(a => a is not null))
                {
                    mocks[key] = [.. answers!];
                }
            }
        }
        var events = ImmutableArray.CreateBuilder<TestEvent>();
        if (r.Node["events"] is JsonArray raised)
        {
            for (var i = 0; i < raised.Count; i++)
            {
                var at = $"{path}.events[{i}]";
                if (raised[i] is not JsonObject e)
                {
                    sink.Add("BTN012", at, "An event must be a mapping.", "Write { name: payment.received, data: {...}, at: 10s }.");
                    continue;
                }
                var er = new ObjectReader(sink, e, at, "name", "data", "at");
                if (er.String("name", required: true, example: "name: payment.received") is { } eventName)
                {
                    events.Add(new TestEvent(eventName, e["data"]?.DeepClone(), er.Duration("at") ?? TimeSpan.Zero));
                }
            }
        }
        else if (r.Has("events"))
        {
            r.WrongType("events", "a list", r.Node["events"]);
        }
        var expect = ReadExpect(sink, r.Object("expect", required: true, ExpectKeys), $"{path}.expect");
        return name is null || expect is null ? null
            : new WorkflowTestCase(name, node["input"]?.DeepClone(), mocks.ToImmutable(), events.ToImmutable(), expect, r.String("seed") ?? name, $"{location.File}:{location.Line}");
    }

    private static MockAnswer? ReadAnswer(DiagnosticSink sink, JsonNode? node, string path)
    {
        if (node is not JsonObject o)
        {
            sink.Add("BTN012", path, "A mock answer must be a mapping.", "Write { output: {...} }, { echo: true } or { error: { code: Down, message: ... } }.");
            return null;
        }
        var r = new ObjectReader(sink, o, path, AnswerKeys);
        var echo = o["echo"] is JsonValue e && e.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var error = r.Object("error", required: false, "code", "message");
        var kinds = (o.ContainsKey("output") ? 1 : 0) + (echo ? 1 : 0) + (error is not null ? 1 : 0);
        if (kinds != 1)
        {
            sink.Add("BTN088", path, kinds == 0 ? "The mock answer says neither output, echo nor error." : "The mock answer gives more than one of output, echo and error.",
                "Give exactly one: output: {...} (the task succeeds), echo: true (it returns its input) or error: { code, message } (it fails).");
            return null;
        }
        var retryable = o["retryable"] is not JsonValue rv || rv.GetValueKind() != System.Text.Json.JsonValueKind.False;
        var info = error is null ? null : new ErrorInfo(error.String("code") ?? "TaskFailed", error.String("message") ?? "The mocked task failed.");
        return new MockAnswer(o["output"]?.DeepClone(), o.ContainsKey("output"), echo, info, retryable, r.Duration("after") ?? TimeSpan.Zero);
    }

    private static TestExpectation? ReadExpect(DiagnosticSink sink, ObjectReader? r, string path)
    {
        if (r is null)
        {
            return null;
        }
        var status = r.String("status");
        if (status is not null && !Statuses.Contains(status))
        {
            sink.Add("BTN015", r.At("status"), $"'{status}' is not an instance status a run ends in.", $"Use one of: {string.Join(", ", Statuses)}.");
        }
        var error = r.Object("error", required: false, "code", "message_contains");
        var steps = ImmutableDictionary.CreateBuilder<string, StepExpectation>(StringComparer.Ordinal);
        if (r.Node["steps"] is JsonObject stepNode && r.Object("steps", required: false, [.. stepNode.Select(p => p.Key)]) is { } stepReader)
        {
            foreach (var (id, value) in stepNode)
            {
                var at = stepReader.At(id);
                StepExpectation? step = value switch
                {
                    JsonValue v when Values.IsString(v) => new StepExpectation(v.GetValue<string>(), null, null, null),
                    JsonObject o when new ObjectReader(sink, o, at, "status", "output", "input", "attempts") is var sr =>
                        new StepExpectation(sr.String("status"), o["output"]?.DeepClone(), o["input"]?.DeepClone(), sr.Int("attempts", 0, 100)),
                    _ => null,
                };
                if (step is null)
                {
                    sink.Add("BTN012", at, $"The expectation for step '{id}' must be a status or a mapping.", "Write succeeded, or { status: failed, attempts: 3 }.");
                    continue;
                }
                if (step.Status is { } s && !StepStatuses.Contains(s))
                {
                    sink.Add("BTN015", at, $"'{s}' is not a step status.", $"Use one of: {string.Join(", ", StepStatuses)}.");
                }
                steps[id] = step;
            }
        }
        ImmutableArray<string>? List(string key) => r.Has(key) ? r.StringList(key) : null;
        return new TestExpectation(status, r.Node["output"]?.DeepClone(), r.Has("output"), r.Node["output_includes"]?.DeepClone(),
            error?.String("code"), error?.String("message_contains"), steps.ToImmutable(), List("path"), List("compensated"));
    }
}
