using Baton.Runtime.Slo;

namespace Baton.Runtime.Tests.Slo;

/// <summary>Criteria read as Keptn's lighthouse reads them (its parse table), and their targets.</summary>
public sealed class SloCriterionTests
{
    [Theory]
    [InlineData("<10", "<", 10, false, false, false)]
    [InlineData("<=10", "<=", 10, false, false, false)]
    [InlineData("=10", "=", 10, false, false, false)]
    [InlineData(">=10", ">=", 10, false, false, false)]
    [InlineData(">10", ">", 10, false, false, false)]
    [InlineData(">-10%", ">", 10, true, true, false)]
    [InlineData("<=+10.5%", "<=", 10.5, true, true, true)]
    [InlineData("<=+10", "<=", 10, true, false, true)]
    [InlineData("  <=+10   %", "<=", 10, true, true, true)]
    [InlineData("  <=10%", "<=", 10, true, true, true)]
    [InlineData("<-5", "<", 5, true, false, false)]
    public void Parse_KeptnCriterion_GivesOperatorAmountAndKind(string text, string op, double amount, bool relative, bool percent, bool increase)
    {
        var c = SloCriterion.Parse(text, "p");

        Assert.Equal((op, amount, relative, percent, increase), (c.Operator, c.Amount, c.Relative, c.Percent, c.Increase));
        Assert.Equal(text, c.Text);
    }

    [Theory]
    [InlineData("10", "is not a criterion")]
    [InlineData("abc", "is not a criterion")]
    [InlineData("", "is not a criterion")]
    [InlineData("<", "has no number")]
    [InlineData("<10ms", "has no number")]
    [InlineData("=<5", "has no number")]
    [InlineData("<=abc", "has no number")]
    [InlineData("|5", "does not start with an operator")]
    public void Parse_NotACriterion_ThrowsNamingPathAndFix(string text, string problem)
    {
        var ex = Assert.Throws<SloException>(() => SloCriterion.Parse(text, "objectives[0].pass[0].criteria[0]"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal("objectives[0].pass[0].criteria[0]", ex.Path);
    }

    [Theory]
    [InlineData("<=+10%", 10, 11)]
    [InlineData("<=-10%", 10, 9)]
    [InlineData("=+1", 10, 11)]
    [InlineData("=-1", 10, 9)]
    [InlineData("<+10%", -10, -11)]
    [InlineData("<=800", 10, 800)]
    public void Target_EarlierAggregate_AppliesKeptnFormula(string text, double earlier, double expected) =>
        Assert.Equal(expected, SloCriterion.Parse(text, "p").Target(earlier));

    [Theory]
    [InlineData(10, "<=+10%", true)]
    [InlineData(11.01, "<=+10%", false)]
    [InlineData(10, "<+0%", false)]
    [InlineData(10, ">+0%", false)]
    [InlineData(11, "=+1", true)]
    [InlineData(9, "=-1", true)]
    public void IsMet_ValueAgainstEarlierTen_MatchesKeptn(double value, string text, bool expected)
    {
        var c = SloCriterion.Parse(text, "p");

        Assert.Equal(expected, c.IsMet(value, c.Target(10)));
    }

    [Fact]
    public void IsMet_RelativeWithoutEarlierResults_IsMet()
    {
        var c = SloCriterion.Parse("<=+20%", "p");

        Assert.Null(c.Target(null));
        Assert.True(c.IsMet(1011.07, c.Target(null)));
    }
}
