namespace Baton.Runtime.Catalog;

/// <summary>How a task's request and result are encoded (<c>format</c>, <c>input_message</c> and <c>output_message</c> in the catalog).</summary>
/// <remarks><c>json</c> (the default) hands the step's input over as JSON and reads JSON back; <c>protobuf</c> hands
/// over a <c>baton.task.v1.TaskRequest</c> and reads a <c>baton.task.v1.TaskResult</c> (see
/// <see cref="Envelope.TaskEnvelope"/>), for container, process and event tasks only. The message names say which
/// protobuf types the envelope's bytes hold; Baton passes them on and never decodes those bytes.</remarks>
public sealed record TaskFormat(string Name, string? InputMessage = null, string? OutputMessage = null)
{
    /// <summary>The default: JSON in and out.</summary>
    public static readonly TaskFormat Json = new("json");

    /// <summary>The names <c>format</c> takes.</summary>
    public static readonly IReadOnlyList<string> Names = ["json", "protobuf"];

    /// <summary>True when the task speaks the protobuf envelope.</summary>
    public bool IsProtobuf => Name == "protobuf";

    /// <summary>Whether a text is a usable protobuf message name: dot-separated identifiers, e.g. <c>acme.vision.v1.Detections</c>, at most 200 characters.</summary>
    public static bool IsMessageName(string name) =>
        name is { Length: > 0 and <= 200 } && name.Split('.').All(part => part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_')
            && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
