using Baton.Runtime.Slo;

namespace Baton.Runtime.Tests.Slo;

/// <summary>The mean and Keptn's (n+1) percentiles of earlier values.</summary>
public sealed class SloAggregateTests
{
    private static readonly double[] ZeroToTen = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [InlineData("p50", 5.0)]
    [InlineData("p90", 9.8)]
    [InlineData("p95", 10.0)]
    [InlineData("avg", 5.0)]
    public void Apply_ZeroToTen_GivesKeptnValues(string function, double expected) =>
        Assert.Equal(expected, SloAggregate.Apply(ZeroToTen, function), 12);

    [Theory]
    [InlineData(new double[] { 5, 10 }, "p50", 7.5)]
    [InlineData(new double[] { 1, 2, 3, 4 }, "p50", 2.5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, "p90", 9.9)]
    [InlineData(new double[] { 1, 2, 3 }, "p90", 3)]
    [InlineData(new double[] { 42 }, "p10", 42)]
    [InlineData(new double[] { 5, 15 }, "avg", 10)]
    [InlineData(new double[] { 4, 1, 3, 2 }, "p25", 1.25)]
    public void Apply_Values_InterpolatesBetweenNeighbours(double[] values, string function, double expected) =>
        Assert.Equal(expected, SloAggregate.Apply(values, function), 12);

    [Theory]
    [InlineData("p99", 0.99)]
    [InlineData("p99.9", 0.999)]
    [InlineData("p100", null)]
    [InlineData("p0", null)]
    [InlineData("max", null)]
    [InlineData("AVG", null)]
    public void Percentile_Name_GivesFractionOrNull(string name, double? expected)
    {
        var fraction = SloAggregate.Percentile(name);

        Assert.Equal(expected is null, fraction is null);
        Assert.Equal(expected ?? 0, fraction ?? 0, 12);
    }
}
