using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Abstractions;

namespace Baton.Runtime.Runners;

/// <summary>Runs a local process from an argv array: no shell, input as JSON on stdin and in a file.</summary>
/// <remarks>The process does not inherit the host's environment: it gets only PATH, HOME, LANG, LC_ALL, TZ, TMPDIR,
/// USER and DOTNET_ROOT from the host, then BATON_INPUT_FILE, BATON_OUTPUT_FILE, BATON_IDEMPOTENCY_KEY,
/// BATON_ATTEMPT, BATON_INSTANCE_ID, BATON_STEP_ID, TRACEPARENT (when traced), plus the binding's env. A non-zero exit fails the attempt
/// with the tail of stderr; cancellation and timeout kill the whole process tree. A <c>format: protobuf</c> task gets the
/// <c>baton.task.v1.TaskRequest</c> on stdin and in the file BATON_REQUEST_FILE (with BATON_FORMAT=protobuf) and writes a
/// <c>TaskResult</c> to stdout.</remarks>
public sealed class ProcessRunner : ITaskRunner
{
    /// <summary>How much of stderr a failure carries.</summary>
    public const int StderrTail = TaskOutput.StderrTail;

    /// <summary>The only variables a task inherits from the host; everything else comes from its binding.</summary>
    public static readonly IReadOnlyList<string> InheritedVariables = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "DOTNET_ROOT"];

    /// <summary>The most stdout read as output.</summary>
    public const int MaxStdout = 16 << 20;

    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is ProcessBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (ProcessBinding)binding;
        var ctx = context.TemplateContext();
        List<string> argv;
        Dictionary<string, string> env;
        byte[] stdin;
        try
        {
            stdin = b.Format.IsProtobuf ? Envelope.TaskEnvelope.Request(context, context.Input, b.Format.InputMessage)
                : Encoding.UTF8.GetBytes(b.Stdin is { } t0 ? Values.Text(t0.Evaluate(ctx)) : context.Input?.ToJsonString() ?? "null");
            argv = [.. b.Command.Select(t => Values.Text(t.Evaluate(ctx)))];
            env = b.Environment.ToDictionary(p => p.Key, p => Values.Text(p.Value.Evaluate(ctx)));
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        var dir = Directory.CreateTempSubdirectory("baton-task-");
        try
        {
            return await RunInDirectoryAsync(b, context, argv, env, stdin, dir.FullName, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The directory is scratch space; a leftover after a kill is harmless.
            }
        }
    }

    /// <summary>How a program Baton starts is started: its argv (a relative program path resolved against the folder, no shell)
    /// in that folder, output read, and the minimal environment (<see cref="InheritedVariables"/>) with <paramref name="env"/> on top.</summary>
    /// <remarks>The one place a task's or a served server's process is set up: neither sees the host's environment, so the host's
    /// keys and secrets stay in the host.</remarks>
    internal static ProcessStartInfo StartInfo(IReadOnlyList<string> argv, string workdir, IEnumerable<KeyValuePair<string, string>> env, bool redirectInput)
    {
        var psi = new ProcessStartInfo
        {
            FileName = argv[0].Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(argv[0]) ? Path.GetFullPath(Path.Combine(workdir, argv[0])) : argv[0],
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workdir,
        };
        foreach (var arg in argv.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                psi.Environment[name] = value;
            }
        }
        foreach (var (name, value) in env)
        {
            psi.Environment[name] = value;
        }
        return psi;
    }

    private static async Task<TaskResult> RunInDirectoryAsync(ProcessBinding b, TaskContext context, List<string> argv,
        Dictionary<string, string> env, byte[] stdin, string scratch, CancellationToken ct)
    {
        var inputJson = context.Input?.ToJsonString() ?? "null";
        var inputFile = Path.Combine(scratch, "input.json");
        var outputFile = Path.Combine(scratch, "output.json");
        await File.WriteAllTextAsync(inputFile, inputJson, ct).ConfigureAwait(false);
        if (b.Format.IsProtobuf)
        {
            var requestFile = Path.Combine(scratch, "request.pb");
            await File.WriteAllBytesAsync(requestFile, stdin, ct).ConfigureAwait(false);
            env["BATON_REQUEST_FILE"] = requestFile;
            env["BATON_FORMAT"] = "protobuf";
        }
        var psi = StartInfo(argv, b.WorkingDirectory ?? Environment.CurrentDirectory, env, redirectInput: true);
        psi.Environment["BATON_INPUT_FILE"] = inputFile;
        psi.Environment["BATON_OUTPUT_FILE"] = outputFile;
        foreach (var (k, v) in context.Variables())
        {
            psi.Environment[k] = v;
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return TaskResult.Fail("ProcessStartFailed", $"Could not start '{argv[0]}' in '{psi.WorkingDirectory}': {ex.Message}", retryable: false);
        }
        using var kill = ct.Register(() => KillTree(process));
        var stdoutTask = ReadLimitedAsync(process.StandardOutput.BaseStream, MaxStdout + 1);
        var stderrTask = ReadLimitedAsync(process.StandardError.BaseStream, 1 << 20);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, ct).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process may exit without reading its stdin; that is its choice.
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = Encoding.UTF8.GetString(await stderrTask.ConfigureAwait(false));
        ct.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            return TaskResult.Fail("ProcessFailed", $"'{argv[0]}' exited with code {process.ExitCode}. stderr: {TaskOutput.Tail(stderr)}");
        }
        return ParseOutput(b, stdout, outputFile);
    }

    private static TaskResult ParseOutput(ProcessBinding b, byte[] stdout, string outputFile)
    {
        if (b.Format.IsProtobuf)
        {
            return Envelope.TaskEnvelope.Result(stdout, "stdout");
        }
        var size = File.Exists(outputFile) ? new FileInfo(outputFile).Length : 0;
        if (size > MaxStdout)
        {
            return TaskResult.Fail("OutputTooLarge", $"The task wrote {size} bytes to BATON_OUTPUT_FILE; at most {MaxStdout} are read. " +
                "Keep large data in files or blobs and return a reference to it.", retryable: false);
        }
        return size > 0 ? TaskOutput.Parse(File.ReadAllText(outputFile), "BATON_OUTPUT_FILE", false) : TaskOutput.Parse(Encoding.UTF8.GetString(stdout.AsSpan(0, Math.Min(stdout.Length, MaxStdout))), "stdout", b.TextOutput);
    }

    /// <summary>Reads a stream to its end, keeping at most <paramref name="limit"/> bytes, so a chatty task cannot fill the host's memory.</summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream stream, int limit)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (kept.Length < limit)
            {
                kept.Write(buffer, 0, (int)Math.Min(n, limit - kept.Length));
            }
        }
        return kept.ToArray();
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
