using Baton.Core;

namespace Baton.Runtime.Text;

/// <summary>Reads a request body as strict UTF-8, for the server and the function app alike.</summary>
public static class Utf8Body
{
    /// <summary>Reads the whole stream; on bytes that are not UTF-8 gives null and the message naming the offset.</summary>
    /// <remarks>The caller bounds the stream's length (the server's body limit); this reads it to its end.</remarks>
    public static async Task<(string? Text, string? Problem)> ReadAsync(Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return Utf8Text.TryDecode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var text, out var offset)
            ? (text, null)
            : (null, Utf8Text.InvalidMessage("The request body", offset));
    }
}
