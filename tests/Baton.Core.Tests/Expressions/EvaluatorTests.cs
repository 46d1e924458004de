using System.Text.Json.Nodes;
using Baton.Core.Expressions;

namespace Baton.Core.Tests.Expressions;

public class EvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    internal static EvaluationContext Context(string seed = "seed") => new(new Dictionary<string, JsonNode?>
    {
        ["input"] = JsonNode.Parse("""{"n": 3, "name": "Ada", "tags": ["a", "b"], "nested": {"k": "v"}, "zero": 0, "empty": ""}"""),
        ["steps"] = JsonNode.Parse("""{"process-chunk-1": {"output": {"count": 7}, "status": "succeeded"}, "skipped": {"output": null}}"""),
        ["variables"] = new JsonObject { ["region"] = "eu" },
        ["env"] = new JsonObject(),
        ["workflow"] = new JsonObject { ["id"] = "wf-1" },
    }, Now, seed);

    private static JsonNode? Eval(string expr) => Evaluator.Evaluate(Parser.Parse(expr), expr, Context());

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("matches('order-42', '^order-[0-9]+$')", "true")]
    [InlineData("sum([1, 2, 3.5])", "6.5")]
    [InlineData("sum(1, 2)", "3")]
    [InlineData("matches(input.name, '^b')", "false")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("7 % 4", "3")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("-input.n", "-3")]
    [InlineData("input.n >= 3 && input.name == 'Ada'", "true")]
    [InlineData("input.n < 3 || !true", "false")]
    [InlineData("input.n > 2 ? 'big' : 'small'", "\"big\"")]
    [InlineData("'a' + 1", "\"a1\"")]
    [InlineData("input.tags[1]", "\"b\"")]
    [InlineData("input.nested['k']", "\"v\"")]
    [InlineData("steps.process-chunk-1.output.count", "7")]
    [InlineData("steps.process-chunk-1.output.count - 1", "6")]
    [InlineData("steps.skipped.output.anything", "null")]
    [InlineData("input.missing", "null")]
    [InlineData("1 == 1.0", "true")]
    [InlineData("'b' > 'a'", "true")]
    [InlineData("input.tags == ['a', 'b']", "true")]
    [InlineData("contains(['x', 'y'], 'y')", "true")]
    [InlineData("[]", "[]")]
    public void Evaluate_Expression_GivesJsonValue(string expr, string expected) =>
        Assert.Equal(expected, Eval(expr)?.ToJsonString() ?? "null");

    [Theory]
    [InlineData("len(input.tags)", "2")]
    [InlineData("len(input.name)", "3")]
    [InlineData("lower(input.name)", "\"ada\"")]
    [InlineData("upper(input.name)", "\"ADA\"")]
    [InlineData("contains(input.tags, 'b')", "true")]
    [InlineData("contains(input.name, 'd')", "true")]
    [InlineData("coalesce(input.missing, input.zero, 5)", "0")]
    [InlineData("json('{\"a\": [1]}').a[0]", "1")]
    [InlineData("string(input.n)", "\"3\"")]
    [InlineData("number('4.5') * 2", "9")]
    [InlineData("hash('abc')", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")]
    [InlineData("join(split('a,b,c', ','), '-')", "\"a-b-c\"")]
    [InlineData("max(1, 5, 3)", "5")]
    [InlineData("round(2.345, 2)", "2.35")]
    [InlineData("now()", "\"2026-11-24T12:00:00.0000000+00:00\"")]
    public void Evaluate_Function_GivesJsonValue(string expr, string expected) =>
        Assert.Equal(expected, Eval(expr)?.ToJsonString(Relaxed) ?? "null");

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Evaluate_Uuid_IsDeterministicPerSeedAndDistinctPerCall()
    {
        var expr = Parser.Parse("uuid() + ' ' + uuid()");
        var first = Evaluator.Evaluate(expr, "x", Context("s1"))!.GetValue<string>();
        var again = Evaluator.Evaluate(expr, "x", Context("s1"))!.GetValue<string>();
        var other = Evaluator.Evaluate(expr, "x", Context("s2"))!.GetValue<string>();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var parts = first.Split(' ');
        Assert.NotEqual(parts[0], parts[1]);
        Assert.True(Guid.TryParse(parts[0], out var g));
        Assert.Equal(4, g.Version);
    }

    [Theory]
    [InlineData("pluck(input.rows, 'box.x')", "[1,null]")]
    [InlineData("pluck(input.rows, 'tags[-1]')", "[\"b\",null]")]
    [InlineData("pluck(input.rows, 'tags[99999999999]')", "[null,null]")]
    [InlineData("project(input.rows, 'box.x', 'tags[0]')", "[{\"x\":1,\"tags[0]\":\"a\"},{\"x\":null,\"tags[0]\":null}]")]
    [InlineData("flatten([null, 'one'])", "\"one\"")]
    [InlineData("flatten([7])", "7")]
    [InlineData("flatten([[1], [2, 3], null])", "[1,2,3]")]
    [InlineData("flatten([input.rows[0].box, null])", "{\"x\":1}")]
    public void Evaluate_PluckProjectFlatten_GiveWhatTheyDocument(string expression, string expected)
    {
        var ctx = new EvaluationContext(new Dictionary<string, JsonNode?> { ["input"] = JsonNode.Parse("""{ "rows": [ { "box": { "x": 1 }, "tags": ["a", "b"] }, { "tags": null } ] }""") }, DateTimeOffset.UnixEpoch, "s");

        Assert.Equal(expected, Evaluator.Evaluate(Parser.Parse(expression), "x", ctx)?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("project(input.rows, 'a.x', 'b.x')", "two fields one name")]
    [InlineData("flatten(['text', [1]])", "cannot join")]
    public void Evaluate_ProjectOrFlattenThatCannotBeDone_FailsWithTheReason(string expression, string reason)
    {
        var ctx = new EvaluationContext(new Dictionary<string, JsonNode?> { ["input"] = JsonNode.Parse("""{ "rows": [ {} ] }""") }, DateTimeOffset.UnixEpoch, "s");

        var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(Parser.Parse(expression), "x", ctx));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Random_IsOneDrawPerSeedBetweenZeroAndOne()
    {
        double Draw(string expression, string seed) => double.Parse(Evaluator.Evaluate(Parser.Parse(expression), "x", Context(seed))!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

        var draws = Enumerable.Range(0, 200).Select(i => Draw("random()", $"seed/{i}")).ToList();

        Assert.All(draws, d => Assert.InRange(d, 0.0, 0.9999999999));
        Assert.Equal(Draw("random()", "seed/7"), Draw("random() + 0", "seed/7"));
        Assert.Equal(0.0, Draw("random() - random()", "seed/7"));
        Assert.True(draws.Distinct().Count() > 190, "draws under different seeds differ");
        Assert.InRange(draws.Average(), 0.35, 0.65);
    }

    [Theory]
    [InlineData("1 / 0", "Division by zero", 2)]
    [InlineData("input.name.first", "Cannot read 'first' of a string", 10)]
    [InlineData("input.n + {", "Unexpected character '{'", 10)]
    [InlineData("foo(1)", "Unknown function 'foo'", 0)]
    [InlineData("len(1, 2)", "len() takes 1 argument(s), not 2", 0)]
    [InlineData("secrets.x", "Unknown name 'secrets'", 0)]
    [InlineData("'abc", "Unterminated string", 0)]
    [InlineData("input.n > 'a'", "Cannot compare a number with a string using '>'", 8)]
    public void Evaluate_BadExpression_NamesReasonAndPosition(string expr, string reason, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval(expr));
        Assert.StartsWith(reason, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(position, ex.Position);
        Assert.Equal(expr, ex.Expression);
    }

    [Fact]
    public void Evaluate_DeepNesting_IsBounded()
    {
        var expr = new string('(', 200) + "1" + new string(')', 200);
        var ex = Assert.Throws<ExpressionException>(() => Parser.Parse(expr));
        Assert.Contains("deeper than", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HugeStringGrowth_IsBounded()
    {
        var big = new string('x', 600_000);
        var ctx = new EvaluationContext(new Dictionary<string, JsonNode?> { ["input"] = new JsonObject { ["s"] = big } }, Now, "s");
        var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(Parser.Parse("input.s + input.s"), "e", ctx));
        Assert.Contains("longer than", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matches('a', '(')", "not a valid regular expression")]
    [InlineData("matches('a', 'a{2}(?=b)')", "lookarounds")]
    public void Evaluate_MatchesWithABadPattern_FailsSayingSo(string expr, string reason)
    {
        var ex = Assert.Throws<ExpressionException>(() => Eval(expr));
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }
}
