using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;
using Baton.Testing;

namespace Baton.Core.Tests.Definitions.Import;

/// <summary>Every workflow the seed documents contain (copied into examples/seed-formats) imports and validates.</summary>
public sealed class SeedExampleImportTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "examples", "seed-formats");

    public static TheoryData<string> Importable() =>
        [.. Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)).Where(f => f.StartsWith("seed00", StringComparison.Ordinal) && f != "seed004-retry-logic.yaml").Order(StringComparer.Ordinal)];

    private static LoadResult Load(string file) =>
        DefinitionLoader.Load(File.ReadAllText(Path.Combine(Folder, file)), file);

    [Theory]
    [MemberData(nameof(Importable))]
    public void Load_SeedExample_ImportsAndValidates(string file)
    {
        var result = Load(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.ImportedFrom);
        // The native document reads back from its own YAML unchanged, so 'baton convert' output is a faithful copy.
        var yaml = YamlText.Write(result.ImportedDocument!.Root);
        var again = DefinitionLoader.Load(yaml, "converted.yaml");
        Assert.True(again.Succeeded, yaml + string.Join("\n", again.Diagnostics));
        Assert.Equal(result.Definition!.Steps.Select(s => (s.Id, s.Task, s.Condition)), again.Definition!.Steps.Select(s => (s.Id, s.Task, s.Condition)));
    }

    [Fact]
    public void Load_ComponentsOnlyFile_IsACatalogNotAWorkflow()
    {
        var result = Load("seed004-retry-logic.yaml");

        Assert.Null(result.Definition);
        Assert.Equal("BTN079", Assert.Single(result.Diagnostics).Code);
        Assert.Equal("https://api.unreliable-service.com", result.ImportedCatalog!["tasks"]!["unreliable-service"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Load_Seed002Saga_BecomesStepsCompensationAndBindings()
    {
        var result = Load("seed002-user-registration-workflow.yaml");

        var def = result.Definition!;
        var wait = def.Steps.Single(s => s.Id == "wait_for_verification");
        Assert.Equal((StepType.Event, "user.email_verified", OnTimeout.Compensate, TimeSpan.FromHours(24)), (wait.Type, wait.EventName, wait.OnTimeout, wait.Timeout!.Value));
        // The declared output user_id is the response's id wherever it is read.
        Assert.Equal("event.user_id == (steps.create_user_account.output.id)", wait.Filter);
        Assert.Equal(["cleanup_user_account", "cleanup_user_profile"], def.Compensation.Select(c => c.Id));
        Assert.Equal("${(steps.create_user_profile.status == 'succeeded')}", def.Compensation[1].Condition);
        Assert.Equal(OnFailure.Continue, def.Steps.Single(s => s.Id == "send_welcome_email").OnFailure);
        var activate = result.ImportedCatalog!["tasks"]!["activate_user_account"]!;
        Assert.Equal(("PUT", "http://user-service${input.endpoint}"), (activate["method"]!.GetValue<string>(), activate["url"]!.GetValue<string>()));
        Assert.Equal("/api/users/${steps.create_user_account.output.id}/activate",
            def.Steps.Single(s => s.Id == "activate_user_account").Input!["endpoint"]!.GetValue<string>());
    }

    [Fact]
    public void Load_Seed002WithUnknownStepTypeAndAction_PointsAtBoth()
    {
        var result = DefinitionLoader.Load("""
            apiVersion: workflow/v1
            kind: Workflow
            metadata: { name: bad }
            spec:
              steps:
                - name: beam_it
                  type: teleport
                - name: call
                  type: service_call
                  config: { service: s, endpoint: /x }
                  on_failure: { action: explode }
            """, "bad.yaml");

        var found = result.Diagnostics.Select(d => (d.Code, d.Location.Line, d.Path)).ToList();
        Assert.Contains(("BTN077", 7, "spec.steps[0].type"), found);
        Assert.Contains(("BTN077", 11, "spec.steps[1].on_failure.action"), found);
    }

    [Fact]
    public void Load_ConditionalExecution_UnquotedTernaryWithColonsIsReadAsOneExpression()
    {
        var result = Load("seed004-conditional-execution.yaml");

        var finalize = result.Definition!.Steps.Single(s => s.Id == "finalize");
        Assert.Equal("${steps.analyze-input.output.type == 'text' ? steps.text-processing.output : steps.image-processing.output}",
            finalize.Input!["result"]!.GetValue<string>());
        Assert.Equal(["text-processing", "image-processing", "analyze-input"], finalize.DependsOn.AsEnumerable());
    }
}
