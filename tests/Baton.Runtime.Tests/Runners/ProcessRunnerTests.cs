using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;
using Baton.Abstractions;

namespace Baton.Runtime.Tests.Runners;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string name, string body)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static ProcessBinding Binding(string[] argv, bool text = false, string? stdin = null, Dictionary<string, string>? env = null) =>
        new("t", [.. argv.Select(Template.Parse)], null,
            (env ?? []).ToImmutableDictionary(p => p.Key, p => Template.Parse(p.Value)), stdin is null ? null : Template.Parse(stdin), text, null);

    private static TaskContext Context(JsonNode? input = null, int attempt = 1) =>
        new("inst", "step", attempt, $"inst/step/{attempt}", "t", input ?? new JsonObject { ["n"] = 1 });

    private Task<TaskResult> Run(ProcessBinding b, TaskContext? ctx = null, CancellationToken ct = default) =>
        _runner.RunAsync(b with { WorkingDirectory = _dir.Path }, ctx ?? Context(), ct);

    [Fact]
    public async Task RunAsync_ProcessEchoesStdin_InputJsonBecomesOutput()
    {
        var r = Assert.IsType<TaskResult.Success>(await Run(Binding(["cat"]), Context(new JsonObject { ["msg"] = "hi" })));
        Assert.Equal("""{"msg":"hi"}""", r.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_OutputFileWritten_TakesPrecedenceOverStdout()
    {
        var s = Script("out.sh", "echo not-json\ncp \"$BATON_INPUT_FILE\" \"$BATON_OUTPUT_FILE\"");
        var r = Assert.IsType<TaskResult.Success>(await Run(Binding([s]), Context(new JsonObject { ["k"] = 2 })));
        Assert.Equal("""{"k":2}""", r.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_OutputFileLargerThanTheCap_FailsWithoutReadingIt()
    {
        var s = Script("big.sh", $"truncate -s {ProcessRunner.MaxStdout + 1} \"$BATON_OUTPUT_FILE\"");
        var r = Assert.IsType<TaskResult.Failure>(await Run(Binding([s])));
        Assert.Equal(("OutputTooLarge", false), (r.Error.Code, r.Retryable));
        Assert.Contains($"{ProcessRunner.MaxStdout + 1} bytes", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_FailsWithExitCodeAndStderrTail()
    {
        var s = Script("fail.sh", "echo 'disk is full' >&2\nexit 3");
        var f = Assert.IsType<TaskResult.Failure>(await Run(Binding([s])));
        Assert.Equal("ProcessFailed", f.Error.Code);
        Assert.Contains("exited with code 3", f.Error.Message, StringComparison.Ordinal);
        Assert.Contains("disk is full", f.Error.Message, StringComparison.Ordinal);
        Assert.True(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_FailsWithoutRetry()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Run(Binding(["/no/such/tool", "x"])));
        Assert.Equal("ProcessStartFailed", f.Error.Code);
        Assert.Contains("/no/such/tool", f.Error.Message, StringComparison.Ordinal);
        Assert.False(f.Retryable);
    }

    [Fact]
    public async Task RunAsync_StdoutNotJson_FailsNamingTheFix()
    {
        var f = Assert.IsType<TaskResult.Failure>(await Run(Binding(["echo", "hello world"])));
        Assert.Equal("InvalidOutput", f.Error.Code);
        Assert.Contains("hello world", f.Error.Message, StringComparison.Ordinal);
        Assert.Contains("output: text", f.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ArgumentLooksLikeShell_IsPassedLiterally()
    {
        var marker = _dir.File("pwned");
        var input = new JsonObject { ["name"] = $"$(touch {marker}); `touch {marker}`" };
        var r = Assert.IsType<TaskResult.Success>(await Run(Binding(["printf", "%s", "${input.name}"], text: true), Context(input)));
        Assert.Equal(input["name"]!.GetValue<string>(), r.Output!["stdout"]!.GetValue<string>());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAsync_Environment_CarriesAttemptKeyAndBindingEnv()
    {
        var s = Script("env.sh", "printf '{\"attempt\": %s, \"key\": \"%s\", \"region\": \"%s\"}' \"$BATON_ATTEMPT\" \"$BATON_IDEMPOTENCY_KEY\" \"$REGION\"");
        var r = Assert.IsType<TaskResult.Success>(await Run(Binding([s], env: new() { ["REGION"] = "${input.r}" }), Context(new JsonObject { ["r"] = "eu" }, attempt: 2)));
        Assert.Equal("""{"attempt":2,"key":"inst/step/2","region":"eu"}""", r.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_HostSecretsInEnvironment_AreNotInherited()
    {
        Environment.SetEnvironmentVariable("BATON_TEST_HOST_SECRET", "s3cret");
        try
        {
            var s = Script("env-dump.sh", "if [ -n \"$BATON_TEST_HOST_SECRET\" ]; then echo leaked >&2; exit 1; fi\nprintf '{\"path_set\": %s}' \"$([ -n \"$PATH\" ] && echo true || echo false)\"");
            var r = Assert.IsType<TaskResult.Success>(await Run(Binding([s])));
            Assert.Equal("""{"path_set":true}""", r.Output!.ToJsonString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("BATON_TEST_HOST_SECRET", null);
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheWholeProcessTree()
    {
        var pidFile = _dir.File("child.pid");
        var s = Script("tree.sh", $"sleep 60 &\necho $! > {pidFile}\nwait");
        using var cts = new CancellationTokenSource();
        var run = Run(Binding([s]), ct: cts.Token);
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            await Task.Delay(20);
        }
        var childPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{childPid}") && !IsZombie(childPid); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(!Directory.Exists($"/proc/{childPid}") || IsZombie(childPid), $"child {childPid} still runs");
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return true;
        }
    }

    [Fact]
    public async Task RunAsync_ProtobufWithTheNodeExample_RoundTripsTheEnvelope()
    {
        var detect = Path.Combine(RepoPaths.Root, "examples", "image-chain", "detect", "detect.mjs");
        var b = Binding(["node", detect]) with { Format = new TaskFormat("protobuf") };
        var ok = Assert.IsType<TaskResult.Success>(await Run(b, Context(new JsonObject { ["resized_image_url"] = "blob://cat@64px" })));
        Assert.Equal("""{"detected_objects":["cat"],"from":"blob://cat@64px"}""", ok.Output!.ToJsonString());
        var bad = Assert.IsType<TaskResult.Failure>(await Run(b, Context(new JsonObject { ["resized_image_url"] = 7 })));
        Assert.Equal(("BadInput", false), (bad.Error.Code, bad.Retryable));
    }

    [Fact]
    public async Task RunAsync_ProtobufTaskWritesJson_FailsInvalidOutput()
    {
        var b = Binding([Script("json.sh", "cat \"$BATON_REQUEST_FILE\" > /dev/null && echo '{\"not\":\"protobuf\"}'")]) with { Format = new TaskFormat("protobuf") };
        var f = Assert.IsType<TaskResult.Failure>(await Run(b));
        Assert.Equal(("InvalidOutput", false), (f.Error.Code, f.Retryable));
    }
}
