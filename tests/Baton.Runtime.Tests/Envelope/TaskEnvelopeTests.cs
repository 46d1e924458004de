using System.Text.Json.Nodes;
using Baton.Runtime.Envelope;
using Baton.Runtime.Envelope.V1;
using Baton.Runtime.Runners;
using Google.Protobuf;
using ResultMessage = Baton.Runtime.Envelope.V1.TaskResult;
using TaskResult = Baton.Abstractions.TaskResult;

namespace Baton.Runtime.Tests.Envelope;

public sealed class TaskEnvelopeTests
{
    private static TaskContext Context(JsonNode? input) => new("inst-1", "detect", 3, "inst-1/detect/3", "object-detect", input) { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

    [Fact]
    public void Request_JsonInput_CarriesTheAttemptAndTheInputAsJson()
    {
        var request = TaskRequest.Parser.ParseFrom(TaskEnvelope.Request(Context(new JsonObject { ["url"] = "cat.jpg" }), new JsonObject { ["url"] = "cat.jpg" }, "acme.Image"));
        Assert.Equal(("object-detect", "inst-1", "detect", 3, "inst-1/detect/3"), (request.Task, request.InstanceId, request.StepId, request.Attempt, request.IdempotencyKey));
        Assert.Equal((TaskRequest.InputOneofCase.Json, """{"url":"cat.jpg"}""", "acme.Image"), (request.InputCase, request.Json, request.InputType));
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", request.Traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_Base64Input_TravelsAsBytesOfItsOwnType()
    {
        var input = TaskEnvelope.BytesValue(Convert.ToBase64String([1, 2, 255]), "acme.Frame");
        var request = TaskRequest.Parser.ParseFrom(TaskEnvelope.Request(Context(input), input, "acme.Other"));
        Assert.Equal((TaskRequest.InputOneofCase.Data, "acme.Frame"), (request.InputCase, request.InputType));
        Assert.Equal(new byte[] { 1, 2, 255 }, request.Data.ToByteArray());
    }

    [Fact]
    public void Request_BlobInput_TravelsAsABlobReference()
    {
        var input = JsonNode.Parse("""{"$blob":{"uri":"https://acct.blob.core.windows.net/c/a.png","content_type":"image/png","length":2048}}""");
        var request = TaskRequest.Parser.ParseFrom(TaskEnvelope.Request(Context(input), input, null));
        Assert.Equal((TaskRequest.InputOneofCase.Blob, "https://acct.blob.core.windows.net/c/a.png", "image/png", 2048L),
            (request.InputCase, request.Blob.Uri, request.Blob.ContentType, request.Blob.Length));
    }

    [Fact]
    public void Result_SucceededWithJson_IsTheOutput()
    {
        var bytes = new ResultMessage { Status = ResultMessage.Types.Status.Succeeded, Json = """{"objects":["cat"]}""" }.ToByteArray();
        var ok = Assert.IsType<TaskResult.Success>(TaskEnvelope.Result(bytes, "stdout"));
        Assert.Equal("""{"objects":["cat"]}""", ok.Output!.ToJsonString());
    }

    [Fact]
    public void Result_SucceededWithBytes_BecomesABase64ValueTheNextProtobufTaskGetsAsBytes()
    {
        var bytes = new ResultMessage { Status = ResultMessage.Types.Status.Succeeded, Data = ByteString.CopyFrom(7, 8), OutputType = "acme.Mask" }.ToByteArray();
        var ok = Assert.IsType<TaskResult.Success>(TaskEnvelope.Result(bytes, "stdout"));
        Assert.Equal("""{"$base64":"Bwg=","$type":"acme.Mask"}""", ok.Output!.ToJsonString());
        var next = TaskRequest.Parser.ParseFrom(TaskEnvelope.Request(Context(ok.Output), ok.Output, null));
        Assert.Equal("acme.Mask", next.InputType);
        Assert.Equal(new byte[] { 7, 8 }, next.Data.ToByteArray());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(false, false)]
    public void Result_Failed_FailsRetryableUnlessItSaysNot(bool? retryable, bool expected)
    {
        var result = new ResultMessage { Status = ResultMessage.Types.Status.Failed, Message = "model not loaded", ErrorCode = "Cold" };
        if (retryable is { } r)
        {
            result.Retryable = r;
        }
        var f = Assert.IsType<TaskResult.Failure>(TaskEnvelope.Result(result.ToByteArray(), "stdout"));
        Assert.Equal(("Cold", "model not loaded", expected), (f.Error.Code, f.Error.Message, f.Retryable));
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x32, 0x02, 0x68, 0x69 })] // a message only, no status
    public void Result_NotAResultWithAStatus_FailsInvalidOutputWithoutRetry(byte[] bytes)
    {
        var f = Assert.IsType<TaskResult.Failure>(TaskEnvelope.Result(bytes, "stdout"));
        Assert.Equal(("InvalidOutput", false), (f.Error.Code, f.Retryable));
        Assert.Contains("baton.task.v1.TaskResult", f.Error.Message, StringComparison.Ordinal);
    }
}
