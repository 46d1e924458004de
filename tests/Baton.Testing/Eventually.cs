using Xunit;

namespace Baton.Testing;

/// <summary>Waits for a condition that other threads or processes make true, without betting on how fast the machine is.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, and fails the test naming <paramref name="what"/> if it
    /// does not within <paramref name="within"/> (10 s unless given).</summary>
    /// <remarks>Use it before asserting on a state that comes from work started elsewhere: a fixed delay before an
    /// assertion passes on an idle machine and fails on a loaded CI one.</remarks>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        Assert.True(await WithinAsync(condition, within ?? TimeSpan.FromSeconds(10)), $"timed out waiting for: {what}");

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> has passed, and says whether it holds.</summary>
    /// <remarks>For a test that acts again when a wait runs out (and asserts later), rather than failing at once.</remarks>
    public static async Task<bool> WithinAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return condition();
    }
}
