namespace Baton.Hosts.Testing;

/// <summary>An open server-sent events response and its reader.</summary>
public sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    /// <summary>The response body's reader.</summary>
    public StreamReader Reader { get; } = reader;

    /// <summary>Reads the next event other than a heartbeat.</summary>
    public Task<(string Name, string Data)> NextAsync() => ReadEventAsync(Reader);

    /// <summary>Reads the next event other than a heartbeat from a server-sent events body.</summary>
    /// <exception cref="EndOfStreamException">The stream ended first.</exception>
    public static async Task<(string Name, string Data)> ReadEventAsync(StreamReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string name = "", data = "";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                if (name != "heartbeat")
                {
                    return (name, data);
                }
                (name, data) = ("", "");
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        throw new EndOfStreamException();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader.Dispose();
        response.Dispose();
    }
}
