using System.Text;
using Baton.Core.Definitions;

namespace Baton.Core.Tests.Definitions;

/// <summary>Hostile definitions are refused with a diagnostic, never a crash or an unbounded allocation.</summary>
public class DefinitionLimitsTests
{
    private const string Header = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n  steps:\n    - id: a\n      task: echo\n";

    private static Diagnostic Single(string text) =>
        Assert.Single(DefinitionLoader.Load(text, "wf.yaml").Diagnostics);

    [Fact]
    public void Load_TwentyThousandNestedLists_ReportsDocumentDepthWithPosition()
    {
        var text = Header + "      input:\n        v: " + new string('[', 20_000) + new string(']', 20_000) + "\n";

        var d = Single(text);

        Assert.Equal("BTN005", d.Code);
        Assert.Equal(10, d.Location.Line);
        Assert.Contains("64 levels", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BillionLaughsAliases_ReportsExpansionLimitQuickly()
    {
        var bomb = new StringBuilder(Header).Append("      input:\n        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            bomb.Append($"        {name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name.ToString();
        }

        var d = Single(bomb.ToString());

        Assert.Equal("BTN006", d.Code);
        Assert.Contains("aliases expand too far", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModestAliasReuse_IsAccepted()
    {
        var text = "apiVersion: baton.dev/v1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n  steps:\n" +
            "    - id: a\n      task: echo\n      retry: &r { max_attempts: 3, initial_delay: 1s }\n" +
            string.Concat(Enumerable.Range(0, 200).Select(i => $"    - id: s{i}\n      task: echo\n      depends_on: [a]\n      retry: *r\n"));

        var result = DefinitionLoader.Load(text, "wf.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(201, result.Definition!.Steps.Length);
    }

    [Fact]
    public void Load_StepInputDeeperThanTheValueLimit_ReportsBtn027AtTheInput()
    {
        var depth = ValueLimits.MaxDepth + 1;
        var text = Header + "      input:\n        v: " + new string('[', depth - 1) + "1" + new string(']', depth - 1) + "\n";

        var d = Single(text);

        Assert.Equal("BTN027", d.Code);
        Assert.Equal("spec.steps[0].input", d.Path);
        Assert.Contains($"at most {ValueLimits.MaxDepth}", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StepInputAtTheValueLimit_IsAccepted()
    {
        var depth = ValueLimits.MaxDepth;
        var text = Header + "      input:\n        v: " + new string('[', depth - 1) + "1" + new string(']', depth - 1) + "\n";

        Assert.True(DefinitionLoader.Load(text, "wf.yaml").Succeeded);
    }

    [Theory]
    [InlineData("${len(1, 2, 3)}", "len() takes 1 argument(s), not 3")]
    [InlineData("${upper()}", "upper() takes 1 argument(s), not 0")]
    [InlineData("${coalesce()}", "coalesce() takes 1 to 16 argument(s), not 0")]
    public void Load_FunctionCalledWithWrongArgumentCount_ReportsAtValidation(string expression, string reason)
    {
        var d = Single(Header + $"      input:\n        v: \"{expression}\"\n");

        Assert.Equal("BTN030", d.Code);
        Assert.Contains(reason, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      timeout: 3000000d\n", "spec.steps[0].timeout")]
    [InlineData("      retry: { max_attempts: 2, initial_delay: 99999999d }\n", "spec.steps[0].retry.initial_delay")]
    [InlineData("    - { id: w, type: wait, duration: 3000000d, depends_on: [a] }\n", "spec.steps[1].duration")]
    [InlineData("    - { id: e, type: event, event: go, timeout: 99999999999999999999999999999d }\n", "spec.steps[1].timeout")]
    [InlineData("  config: { timeout: 3651d }\n", "spec.config.timeout")]
    public void Load_DurationPastTheMaximum_ReportsBtn091AtItsKey(string yaml, string path)
    {
        var d = Single(Header + yaml);

        Assert.Equal(("BTN091", path), (d.Code, d.Path));
        Assert.Contains("3650d", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metadata:\n  name: t\n  version: \"../regtest/9\"\n")]
    [InlineData("metadata:\n  name: t\n  version: \"a/b\"\n")]
    [InlineData("metadata:\n  name: t\n  version: \"a\\0b\"\n")]
    [InlineData("metadata:\n  name: t\n  version: \"\"\n")]
    public void Load_VersionOutsideItsAlphabet_ReportsBtn089AtTheVersion(string metadata)
    {
        var d = Single(Header.Replace("metadata:\n  name: t\n", metadata, StringComparison.Ordinal));

        Assert.Equal(("BTN089", "metadata.version", 5), (d.Code, d.Path, d.Location.Line));
    }

    [Fact]
    public void Load_EventStepWaitingForAReservedName_ReportsBtn090()
    {
        var d = Single(Header + "    - { id: e, type: event, event: baton.task-report:a:1 }\n");

        Assert.Equal(("BTN090", "spec.steps[1].event"), (d.Code, d.Path));
    }
}
