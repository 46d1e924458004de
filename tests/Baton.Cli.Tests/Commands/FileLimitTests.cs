using System.Diagnostics;
using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary>Every file the CLI reads is a regular file within the documented size, refused with exit 2 before it is read.</summary>
public sealed class FileLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[]> Commands => new()
    {
        new[] { "validate", "{0}" },
        new[] { "convert", "{0}" },
        new[] { "graph", "{0}" },
        new[] { "run", "{0}", "--db", "{db}" },
        new[] { "test", "{test}" },
        new[] { "run", "{workflow}", "--input-file", "{0}", "--db", "{db}" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_DeviceFile_Exits2WithoutReadingIt(string[] args)
    {
        var r = await RunAsync(args, "/dev/zero");

        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("not a regular file", r.Stderr + r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NamedPipe_Exits2WithoutWaitingForAWriter()
    {
        var fifo = _dir.File("pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var r = await RunAsync(["validate", "{0}"], fifo);

        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("not a regular file", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileOverTheLimit_Exits2NamingTheLimit()
    {
        var big = _dir.File("big.yaml");
        await using (var f = File.Create(big))
        {
            f.SetLength((16L << 20) + 1);
        }

        var r = await RunAsync(["validate", "{0}"], big);

        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("larger than 16 MiB", r.Stderr, StringComparison.Ordinal);
    }

    private async Task<BatonProcess.Result> RunAsync(string[] args, string file)
    {
        var workflow = _dir.File("wf.yaml");
        await File.WriteAllTextAsync(workflow, "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: wf }\nspec:\n  steps:\n    - { id: a, task: echo }\n");
        var test = _dir.File("zero.test.yaml");
        await File.WriteAllTextAsync(test, $"apiVersion: baton.dev/v1\nkind: WorkflowTest\nmetadata: {{ name: zero }}\nspec:\n  workflow: {file}\n  cases:\n    - name: one\n      expect: {{ status: completed }}\n");
        return await BatonProcess.RunAsync(_dir.Path, [.. args.Select(a => a
            .Replace("{0}", file, StringComparison.Ordinal)
            .Replace("{db}", _dir.File("b.db"), StringComparison.Ordinal)
            .Replace("{test}", test, StringComparison.Ordinal)
            .Replace("{workflow}", workflow, StringComparison.Ordinal))]);
    }
}
