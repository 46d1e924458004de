using Baton.Core.Definitions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads the contract part of a catalog entry: <c>version</c>, <c>roles</c>, <c>description</c>, <c>input_schema</c>,
/// <c>output_schema</c> and the data format (<c>format</c>, <c>input_message</c>, <c>output_message</c>).</summary>
internal static class ContractReader
{
    /// <summary>The keys every binding may carry for its contract.</summary>
    public static readonly string[] Keys = ["version", "roles", "description", "input_schema", "output_schema", "format", "input_message", "output_message"];

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
            Format = ReadFormat(r, sink, binding),
        };
    }

    private static TaskFormat ReadFormat(ObjectReader r, DiagnosticSink sink, TaskBinding binding)
    {
        var name = r.String("format") ?? "json";
        if (!TaskFormat.Names.Contains(name))
        {
            sink.Add("BTN015", r.At("format"), $"'{Names.Printable(name)}' is not a data format.",
                "Use 'json' (the default) or 'protobuf' (the baton.task.v1 envelope, proto/baton/task/v1/task.proto).");
            return TaskFormat.Json;
        }
        if (name == "protobuf" && binding is not (ContainerBinding or ProcessBinding or EventBinding))
        {
            sink.Add("BTN015", r.At("format"), "Only container, process and event tasks can speak the protobuf envelope.",
                "Remove 'format: protobuf', or run the service as a container, a process or an event task.");
            return TaskFormat.Json;
        }
        if (name == "protobuf" && binding is ProcessBinding { Stdin: not null } or ContainerBinding { TextOutput: true } or ProcessBinding { TextOutput: true })
        {
            sink.Add("BTN015", r.At("format"), "A protobuf task gets the request on stdin and writes the result to stdout, so 'stdin' and 'output: text' do not apply.",
                "Remove 'stdin' and 'output', or use format: json.");
        }
        var messages = new string?[2];
        foreach (var (key, i) in new[] { ("input_message", 0), ("output_message", 1) })
        {
            if (r.String(key) is not { } message)
            {
                continue;
            }
            if (name != "protobuf")
            {
                sink.Add("BTN015", r.At(key), $"'{key}' names a protobuf message type, and this task's format is json.", "Add 'format: protobuf', or remove the key.");
            }
            else if (!TaskFormat.IsMessageName(message))
            {
                sink.Add("BTN017", r.At(key), $"'{Names.Printable(message)}' is not a protobuf message name.", "Give its full name, e.g. acme.vision.v1.Detections.");
            }
            else
            {
                messages[i] = message;
            }
        }
        return name == "json" ? TaskFormat.Json : new TaskFormat(name, messages[0], messages[1]);
    }
}
