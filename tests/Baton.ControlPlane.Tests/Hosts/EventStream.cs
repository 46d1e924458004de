namespace Baton.ControlPlane.Tests.Hosts;

/// <summary>An open server-sent events response and its reader.</summary>
public sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public StreamReader Reader { get; } = reader;

    public Task<(string Name, string Data)> NextAsync() => Routes.StreamTests.ReadEventAsync(Reader);

    public void Dispose()
    {
        Reader.Dispose();
        response.Dispose();
    }
}
