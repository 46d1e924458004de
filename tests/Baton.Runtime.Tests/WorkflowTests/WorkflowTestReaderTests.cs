using Baton.Runtime.WorkflowTests;

namespace Baton.Runtime.Tests.WorkflowTests;

/// <summary>Test files that cannot run are refused with the position and a fix.</summary>
public sealed class WorkflowTestReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: WorkflowTest\nspec:\n  workflow: wf.yaml\n  cases:\n";

    [Theory]
    [InlineData("    - name: a\n      mocks: { t: { output: {}, error: { code: X } } }\n      expect: {}\n", "BTN088", 7)]
    [InlineData("    - name: a\n      mocks: { t: {} }\n      expect: {}\n", "BTN088", 7)]
    [InlineData("    - name: a\n      expect: { status: done }\n", "BTN015", 7)]
    [InlineData("    - name: a\n      expect: { steps: { s: finished } }\n", "BTN015", 7)]
    [InlineData("    - name: a\n      mokcs: {}\n      expect: {}\n", "BTN010", 7)]
    [InlineData("    - name: a\n", "BTN011", 6)]
    [InlineData("    - { name: a, expect: {} }\n    - { name: a, expect: {} }\n", "BTN088", 7)]
    public void Read_BadCase_NamesWhereAndWhat(string cases, string code, int line)
    {
        var (file, problems) = WorkflowTestReader.Read(Head + cases, "wf.test.yaml");

        Assert.Null(file);
        var problem = Assert.Single(problems);
        Assert.Equal((code, line), (problem.Code, problem.Location.Line));
        Assert.False(string.IsNullOrEmpty(problem.Fix));
    }

    [Fact]
    public void Read_GoodFile_ResolvesTheWorkflowBesideIt()
    {
        var (file, problems) = WorkflowTestReader.Read(Head + "    - name: a\n      mocks: { t: [{ error: { code: Down }, after: 2s }, { echo: true }] }\n      expect: { status: completed }\n",
            Path.Combine("/tmp", "x", "wf.test.yaml"));

        Assert.Empty(problems);
        Assert.Equal(Path.Combine("/tmp", "x", "wf.yaml"), file!.WorkflowPath);
        var answers = file.Cases.Single().Mocks["t"];
        Assert.Equal(("Down", TimeSpan.FromSeconds(2), true), (answers[0].Error!.Code, answers[0].After, answers[1].Echo));
    }
}
