using System.Text.Json.Nodes;
using Baton.Runtime.Events;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Events;

public class TaskEventReaderTests
{
    private static TaskEvent Cloud(string json)
    {
        var (e, problem) = TaskEventReader.FromCloudEvent(JsonNode.Parse(json));
        Assert.Null(problem);
        return e!;
    }

    [Fact]
    public void FromCloudEvent_TriggeredIdExtension_WinsOverSubject()
    {
        var e = Cloud("""{"specversion":"1.0","id":"r1","source":"/svc","type":"checknumber.finished","subject":"other/x/1","triggeredid":"inst/a/b/check/2","data":{"ok":true}}""");
        var (instance, report, problem) = TaskEventReader.ToReport(e);
        Assert.Null(problem);
        Assert.Equal(("inst/a/b", "check", 2), (instance, report!.StepId, report.Attempt));
        var ok = Assert.IsType<TaskResult.Success>(report.Result);
        Assert.Equal("""{"ok":true}""", ok.Output!.ToJsonString());
    }

    [Fact]
    public void FromCloudEvent_BatonExtensions_AreUsedWhenNoSubject()
    {
        var e = Cloud("""{"specversion":"1.0","id":"r1","source":"/svc","type":"x.started","batoninstanceid":"i","batonstepid":"s","batonattempt":3}""");
        var (instance, report, _) = TaskEventReader.ToReport(e);
        Assert.Equal(("i", "s", 3, "started"), (instance, report!.StepId, report.Attempt, report.Phase));
        Assert.Null(report.Result);
    }

    [Theory]
    [InlineData("""{"status":"errored","message":"disk full"}""", "TaskErrored", "disk full", true)]
    [InlineData("""{"status":"errored","retryable":false}""", "TaskErrored", "errored", false)]
    [InlineData("""{"status":"succeeded","result":"fail","message":"score too low"}""", "TaskResultFail", "score too low", false)]
    public void ToReport_FinishedWithErrorOrFail_FailsTheAttempt(string data, string code, string message, bool retryable)
    {
        var e = Cloud($$"""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/1","data":{{data}}}""");
        var f = Assert.IsType<TaskResult.Failure>(TaskEventReader.ToReport(e).Report!.Result);
        Assert.Equal(code, f.Error.Code);
        Assert.Contains(message, f.Error.Message, StringComparison.Ordinal);
        Assert.Equal(retryable, f.Retryable);
    }

    [Fact]
    public void ToReport_FinishedCarryingADataReference_IsRefusedAsMalformed()
    {
        var e = Cloud("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/1","data":{"out":{"$baton.ref":"instances/x/values/0.json","sha256":"00"}}}""");
        var (instanceId, report, problem) = TaskEventReader.ToReport(e);
        Assert.Equal((null, null), (instanceId, report));
        Assert.Contains("$baton.ref", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ToReport_FinishedWithWarning_SucceedsWithDataAsOutput()
    {
        var e = Cloud("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/1","data":{"result":"warning","score":0.6}}""");
        var ok = Assert.IsType<TaskResult.Success>(TaskEventReader.ToReport(e).Report!.Result);
        Assert.Equal(0.6, ok.Output!["score"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"id":"r","source":"/s","type":"t.finished"}""", "specversion")]
    [InlineData("""{"specversion":"1.0","id":"r","type":"t.finished"}""", "'source'")]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","data_base64":"AAAA"}""", "data_base64")]
    [InlineData("""[1]""", "JSON object")]
    public void FromCloudEvent_Malformed_SaysWhatIsWrong(string json, string expected)
    {
        var (e, problem) = TaskEventReader.FromCloudEvent(JsonNode.Parse(json));
        Assert.Null(e);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.done","subject":"i/s/1"}""", "'<task>.started'")]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished"}""", "which attempt")]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/zero"}""", "which attempt")]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/0"}""", "which attempt")]
    [InlineData("""{"specversion":"1.0","id":"r","source":"/s","type":"t.finished","subject":"i/s/1","data":{"status":"weird"}}""", "data.status")]
    public void ToReport_UnusableEvent_SaysWhy(string json, string expected)
    {
        var (instance, report, problem) = TaskEventReader.ToReport(Cloud(json));
        Assert.Null(instance);
        Assert.Null(report);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("'r'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEventGrid_SchemaEvent_UsesSubject()
    {
        var (e, problem) = TaskEventReader.FromEventGrid(JsonNode.Parse(
            """{"id":"g1","eventType":"t.status.changed","subject":"i/s/1","dataVersion":"1","eventTime":"2026-01-01T00:00:00Z","data":{"percent":50}}"""));
        Assert.Null(problem);
        var (instance, report, _) = TaskEventReader.ToReport(e!);
        Assert.Equal(("i", "status.changed", 50), (instance, report!.Phase, report.Data!["percent"]!.GetValue<int>()));
    }

    [Fact]
    public void IsOwnEvent_Triggered_IsRecognised()
    {
        Assert.True(TaskEventReader.IsOwnEvent(new TaskEvent("i/s/1", "checknumber.triggered", "i/s/1", null)));
        Assert.False(TaskEventReader.IsOwnEvent(new TaskEvent("x", "checknumber.finished", "i/s/1", null)));
    }

    [Fact]
    public void FromCloudEvent_ProtobufFinished_ReadsItsTaskResult()
    {
        var result = new Baton.Runtime.Envelope.V1.TaskResult { Status = Baton.Runtime.Envelope.V1.TaskResult.Types.Status.Succeeded, Json = """{"objects":["cat"]}""" };
        var base64 = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(result));
        var e = Cloud($$"""{"specversion":"1.0","id":"r1","source":"/svc","type":"detect.finished","triggeredid":"i/detect/1","datacontenttype":"application/protobuf","data_base64":"{{base64}}"}""");
        var (_, report, problem) = TaskEventReader.ToReport(e);
        Assert.Null(problem);
        Assert.Equal("""{"objects":["cat"]}""", Assert.IsType<TaskResult.Success>(report!.Result).Output!.ToJsonString());
    }

    [Theory]
    [InlineData("application/json", "not a protobuf task envelope")]
    [InlineData("application/protobuf", "is not a baton.task.v1.TaskResult")]
    public void FromCloudEvent_BinaryDataThatIsNoEnvelope_IsRefusedWithTheReason(string contentType, string reason)
    {
        var (e, problem) = TaskEventReader.FromCloudEvent(JsonNode.Parse(
            $$"""{"specversion":"1.0","id":"r1","source":"/svc","type":"detect.finished","triggeredid":"i/detect/1","datacontenttype":"{{contentType}}","data_base64":"/////w=="}"""));
        var said = problem ?? TaskEventReader.ToReport(e!).Problem;
        Assert.Contains(reason, said, StringComparison.Ordinal);
    }
}
