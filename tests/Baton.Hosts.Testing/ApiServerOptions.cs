using Baton.Runtime.Runners;

namespace Baton.Hosts.Testing;

/// <summary>How a suite wants its host: the in-process functions, the body limit, app settings and the stream buffer.</summary>
public sealed record ApiServerOptions
{
    public FunctionRegistry? Functions { get; init; }

    public long MaxBody { get; init; } = 1 << 20;

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public int StreamBuffer { get; init; } = 10_000;
}
