using System.Text.Json.Nodes;
using Baton.Runtime.Slo;
using Xunit;

namespace Baton.Testing;

/// <summary>The contract every <see cref="IEvaluationHistory"/> passes; derive once per provider.</summary>
public abstract class EvaluationHistoryContract
{
    /// <summary>The history under test, fresh and empty, ready to use.</summary>
    protected abstract Task<IEvaluationHistory> HistoryAsync();

    /// <summary>Lets the provider's clock move on between records (a no-op where order is by insertion).</summary>
    protected virtual void Tick()
    {
    }

    private static JsonObject Result(string result, double value) => new()
    {
        ["result"] = result,
        ["evaluation"] = new JsonObject
        {
            ["result"] = result,
            ["indicatorResults"] = new JsonArray(new JsonObject { ["value"] = new JsonObject { ["metric"] = "m", ["value"] = value, ["success"] = true } }),
        },
    };

    private async Task<IEvaluationHistory> FilledAsync(string subject)
    {
        var history = await HistoryAsync();
        var results = new[] { ("pass", 1.0), ("fail", 2.0), ("warning", 3.0), ("pass", 4.0) };
        for (var i = 0; i < results.Length; i++)
        {
            await history.RecordAsync(subject, $"key-{i}", results[i].Item1, Result(results[i].Item1, results[i].Item2), default);
            Tick();
        }
        return history;
    }

    private static double[] Values(IReadOnlyList<JsonObject> list) =>
        list.Select(r => r["evaluation"]!["indicatorResults"]![0]!["value"]!["value"]!.GetValue<double>()).ToArray();

    [Fact]
    public async Task RecentAsync_SeveralRecorded_NewestFirstWithKeysAsIds()
    {
        var history = await FilledAsync("svc/dev");

        var recent = await history.RecentAsync("svc/dev", null, 10, "none", default);

        Assert.Equal([4.0, 3.0, 2.0, 1.0], Values(recent));
        Assert.Equal("key-3", recent[0]["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecentAsync_ResultFilterAndMax_KeepsOnlyCountedNewest()
    {
        var history = await FilledAsync("svc/dev");

        Assert.Equal(new double[] { 4.0, 1.0 }, Values(await history.RecentAsync("svc/dev", ["pass"], 10, "none", default)));
        Assert.Equal(new double[] { 4.0, 3.0 }, Values(await history.RecentAsync("svc/dev", ["pass", "warning"], 2, "none", default)));
    }

    [Fact]
    public async Task RecentAsync_OtherSubjectOrOwnKey_IsLeftOut()
    {
        var history = await FilledAsync("svc/dev");

        Assert.Empty(await history.RecentAsync("svc/staging", null, 10, "none", default));
        Assert.Equal(new double[] { 3.0, 2.0, 1.0 }, Values(await history.RecentAsync("svc/dev", null, 10, "key-3", default)));
    }

    [Fact]
    public async Task RecordAsync_SameKeyAgain_ChangesNothing()
    {
        var history = await FilledAsync("svc/dev");

        await history.RecordAsync("svc/dev", "key-1", "pass", Result("pass", 99), default);

        Assert.Equal(new double[] { 4.0, 3.0, 2.0, 1.0 }, Values(await history.RecentAsync("svc/dev", null, 10, "none", default)));
    }
}
