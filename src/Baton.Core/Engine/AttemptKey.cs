using System.Globalization;

namespace Baton.Core.Engine;

/// <summary>Names one attempt of one step of one instance; written out, it is the idempotency key every runner and
/// service receives, and the one format every part of Baton builds and parses.</summary>
/// <remarks>Written <c>{instance}/{step}/{attempt}</c>, attempt from 1. Step ids never hold '/'; instance ids cannot
/// either now, but ids accepted before the id alphabet existed might, so parsing splits from the right.</remarks>
public readonly record struct AttemptKey(string InstanceId, string StepId, int Attempt)
{
    /// <summary>The key as text: <c>{instance}/{step}/{attempt}</c>.</summary>
    public override string ToString() => $"{InstanceId}/{StepId}/{Attempt.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a key written by <see cref="ToString"/>; null when the text is not one.</summary>
    public static AttemptKey? Parse(string? key)
    {
        if (key is null)
        {
            return null;
        }
        var last = key.LastIndexOf('/');
        var middle = last > 0 ? key.LastIndexOf('/', last - 1) : -1;
        if (middle <= 0 || last == middle + 1
            || !int.TryParse(key.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            return null;
        }
        return new AttemptKey(key[..middle], key[(middle + 1)..last], attempt);
    }
}
