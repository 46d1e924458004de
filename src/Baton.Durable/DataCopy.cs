using System.Text.Json.Nodes;

namespace Baton.Durable;

/// <summary>A value that holds references to one instance's Blob data, to be kept again as another's (a child's input, a child's
/// output handed to its parent), as <see cref="DurableNames.CopyData"/> does.</summary>
public sealed record DataCopy(string FromInstanceId, string ToInstanceId, JsonNode? Value);
