using Baton.Core.Definitions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads the contract part of a catalog entry: <c>version</c>, <c>roles</c>, <c>description</c>, <c>input_schema</c> and <c>output_schema</c>.</summary>
internal static class ContractReader
{
    /// <summary>The keys every binding may carry for its contract.</summary>
    public static readonly string[] Keys = ["version", "roles", "description", "input_schema", "output_schema"];

    /// <summary>The role tags seed 000 names; any other tag of the same form is the user's own.</summary>
    public static readonly string[] KnownRoles = ["ingestion", "transformation", "inference", "storage", "notification"];

    /// <summary>The binding with its contract read from <paramref name="r"/>; problems go to <paramref name="sink"/>.</summary>
    public static TaskBinding Read(ObjectReader r, DiagnosticSink sink, TaskBinding binding)
    {
        var version = r.String("version");
        if (version is not null && !Names.IsValidVersion(version))
        {
            sink.Add("BTN089", r.At("version"), $"'{Names.Printable(version)}' is not a valid version.", Names.VersionRule);
        }
        var roles = r.StringList("roles");
        foreach (var (role, i) in roles.Select((x, i) => (x, i)).Where(x => !TaskBinding.IsPoolName(x.x)))
        {
            sink.Add("BTN017", $"{r.At("roles")}[{i}]", $"'{Names.Printable(role)}' is not a role tag.",
                $"Use lowercase letters, digits and '-', starting with a letter (at most 40), e.g. {string.Join(", ", KnownRoles)}.");
        }
        var input = r.Node["input_schema"];
        var output = r.Node["output_schema"];
        var before = sink.Items.Count;
        SchemaCheck.Validate(input, input is null ? null : r.At("input_schema"), sink);
        SchemaCheck.Validate(output, output is null ? null : r.At("output_schema"), sink);
        var valid = sink.Items.Count == before;
        return binding with
        {
            ContractVersion = version,
            Roles = [.. roles.Distinct(StringComparer.Ordinal)],
            Description = r.String("description"),
            Contract = input is null && output is null ? null : new TaskContract(input?.DeepClone(), output?.DeepClone()),
            CompiledOutputSchema = output is not null && valid ? JsonSchemas.Build(output) : null,
        };
    }
}
