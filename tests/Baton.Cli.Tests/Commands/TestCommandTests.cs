using Baton.Testing;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton test</c> as a user runs it: totals, exit codes, and what a failing case says.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Test_RegistrationExampleTests_AllPassAndExitZero()
    {
        var r = await BatonProcess.RunAsync(BatonProcess.RepoRoot, "test", "examples/user-registration/tests");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("4 passed, 0 failed", r.Stdout.TrimEnd().Split('\n')[^1]);
        Assert.Contains("✔ examples/user-registration/tests/registration.test.yaml › no verification within 10s", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_ACaseFails_ExitOneWithWhatDidNotHold()
    {
        File.WriteAllText(_dir.File("wf.yaml"), "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: wf, version: '1' }\nspec:\n  steps:\n    - { id: a, task: t }\n");
        File.WriteAllText(_dir.File("wf.test.yaml"), """
            apiVersion: baton.dev/v1
            kind: WorkflowTest
            spec:
              workflow: wf.yaml
              cases:
                - { name: good, mocks: { t: { output: { v: 1 } } }, expect: { status: completed, output: { a: { v: 1 } } } }
                - { name: bad, mocks: { t: { error: { code: Down, message: gone }, retryable: false } }, expect: { status: completed } }
            """);

        var r = await BatonProcess.RunAsync(_dir.Path, "test", ".");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("✘ wf.test.yaml › bad\n    status: expected completed, got failed (Down: Step 'a' failed: gone).", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("1 passed, 1 failed", r.Stdout.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Test_InvalidTestFile_ExitsTwoWithItsPosition()
    {
        File.WriteAllText(_dir.File("x.test.yaml"), "apiVersion: baton.dev/v1\nkind: WorkflowTest\nspec:\n  workflow: wf.yaml\n  cases:\n    - { name: a, expect: { status: done } }\n");

        var r = await BatonProcess.RunAsync(_dir.Path, "test", "x.test.yaml");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("x.test.yaml:6:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("BTN015", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_NoTestFiles_ExitTwo()
    {
        var r = await BatonProcess.RunAsync(_dir.Path, "test", ".");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No workflow test files", r.Stderr, StringComparison.Ordinal);
    }
}
