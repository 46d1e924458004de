using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>What an expression can see: the root objects, the current time, and a seeded source of ids.</summary>
/// <remarks>Everything here comes from recorded events, so evaluating the same expression against the same
/// context always gives the same value. <see cref="NewUuid"/> derives ids from <see cref="Seed"/> and a counter.</remarks>
public sealed class EvaluationContext
{
    private int _uuidCounter;

    /// <summary>Creates a context over named roots (input, steps, variables, env, workflow).</summary>
    public EvaluationContext(IReadOnlyDictionary<string, JsonNode?> roots, DateTimeOffset now, string seed)
    {
        Roots = roots;
        Now = now;
        Seed = seed;
    }

    /// <summary>The names an expression may start with, and their values.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Roots { get; }

    /// <summary>Resolves <c>steps.&lt;id&gt;</c> one step at a time, so reading one step never builds all of them.</summary>
    /// <remarks>When set, it answers for the root name <c>steps</c>; it returns null for unknown ids.</remarks>
    public Func<string, JsonNode?>? StepLookup { get; init; }

    /// <summary>The ids <see cref="StepLookup"/> knows, for a bare <c>steps</c> reference.</summary>
    public IEnumerable<string> StepIds { get; init; } = [];

    /// <summary>The value of <c>now()</c>: the time of the event being applied.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The recorded seed behind <c>uuid()</c>.</summary>
    public string Seed { get; }

    /// <summary>How many evaluation steps remain before evaluation is cut off.</summary>
    internal int Budget { get; set; } = 100_000;

    /// <summary>The step's random draw: a number in [0, 1) derived from <see cref="Seed"/> alone, so every expression of one step
    /// (its condition, input and each case of a switch) reads the same number, on every replay.</summary>
    public double Draw() => (BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}/random")), 0) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns the next deterministic UUID (version 4 layout) derived from the seed.</summary>
    public string NewUuid()
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}/{_uuidCounter++}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
