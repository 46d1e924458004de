using Baton.Runtime.Catalog;

namespace Baton.Runtime.Tests.Catalog;

/// <summary>The contract part of a catalog entry: version, roles, description and both schemas.</summary>
public class ContractReaderTests
{
    private const string Head = "apiVersion: baton.dev/v1\nkind: Catalog\ntasks:\n";

    [Fact]
    public void Load_EntryWithAContract_KeepsItOnTheBinding()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: function
                function: echo
                version: "2.0.1"
                roles: [inference, gpu-heavy]
                description: Finds objects.
                input_schema: { type: object, properties: { url: { type: string } } }
                output_schema: { type: object, properties: { objects: { type: array } } }
              plain: { runner: function, function: echo }
            """, "catalog.yaml", ".");

        Assert.Empty(problems);
        var detect = catalog!.Tasks["detect"];
        Assert.Equal(("2.0.1", "Finds objects."), (detect.ContractVersion, detect.Description));
        Assert.Equal(["inference", "gpu-heavy"], detect.Roles.ToArray());
        Assert.Equal("array", detect.Contract!.OutputSchema!["properties"]!["objects"]!["type"]!.GetValue<string>());
        Assert.NotNull(detect.CompiledOutputSchema);
        Assert.Equal(["detect"], catalog.Contracts().Keys);
    }

    [Fact]
    public void Load_BadSchemaRoleAndVersion_AreEachReportedWithTheirKey()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: function
                version: "a/b"
                roles: [Inference]
                output_schema: { type: objekt }
            """, "catalog.yaml", ".");

        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Code == "BTN089" && p.Path == "tasks.detect.version");
        Assert.Contains(problems, p => p.Code == "BTN017" && p.Path == "tasks.detect.roles[0]");
        Assert.Contains(problems, p => p.Code == "BTN040" && p.Path.StartsWith("tasks.detect.output_schema", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ProtobufFormat_KeepsItsMessageTypes()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect:
                runner: process
                command: ["node", "detect.mjs"]
                format: protobuf
                input_message: acme.vision.v1.Image
                output_message: acme.vision.v1.Detections
            """, "catalog.yaml", ".");

        Assert.Empty(problems);
        Assert.Equal(new TaskFormat("protobuf", "acme.vision.v1.Image", "acme.vision.v1.Detections"), catalog!.Tasks["detect"].Format);
    }

    [Theory]
    [InlineData("runner: function\n    format: protobuf", "tasks.t.format", "Only container, process and event tasks")]
    [InlineData("runner: process\n    command: [cat]\n    format: xml", "tasks.t.format", "is not a data format")]
    [InlineData("runner: process\n    command: [cat]\n    input_message: acme.In", "tasks.t.input_message", "this task's format is json")]
    [InlineData("runner: process\n    command: [cat]\n    format: protobuf\n    output_message: acme..Out", "tasks.t.output_message", "is not a protobuf message name")]
    [InlineData("runner: process\n    command: [cat]\n    format: protobuf\n    output: text", "tasks.t.format", "'output: text' do not apply")]
    public void Load_UnusableFormat_IsReportedAtItsKey(string entry, string path, string says)
    {
        var (catalog, problems) = CatalogLoader.Load(Head + "  t:\n    " + entry + "\n", "catalog.yaml", ".");
        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RetryDefault_KeepsItOnTheBindingAndInRetries()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect: { runner: function, function: echo, retry: { max_attempts: 4, backoff: fixed, initial_delay: 3s } }
              plain: { runner: function, function: echo }
            """, "catalog.yaml", ".");

        Assert.Empty(problems);
        Assert.Equal((4, Baton.Core.Definitions.Backoff.Fixed, TimeSpan.FromSeconds(3)), (catalog!.Tasks["detect"].Retry!.MaxAttempts, catalog.Tasks["detect"].Retry!.Backoff, catalog.Tasks["detect"].Retry!.InitialDelay));
        Assert.Equal(["detect"], catalog.Retries().Keys);
    }

    [Fact]
    public void Load_BadRetryDefault_IsReportedAtItsKey()
    {
        var (catalog, problems) = CatalogLoader.Load(Head + """
              detect: { runner: function, retry: { max_attempts: 0 } }
            """, "catalog.yaml", ".");

        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Path == "tasks.detect.retry.max_attempts");
    }
}
