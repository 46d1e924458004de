using System.Diagnostics;
using System.Text;
using Baton.Core.Definitions;
using YamlDotNet.RepresentationModel;

namespace Baton.Bench;

/// <summary>Validation of long generated sequences (each step reads the one before), beside a bare YAML parse of the same text.</summary>
internal static class ValidationScenarios
{
    public sealed record Result(int Steps, double Milliseconds, double AllocatedMegabytes, double ParseMilliseconds, double ParseMegabytes);

    public static Result Run(int steps)
    {
        var text = Sequence(steps);
        var known = new DefinitionOptions(new HashSet<string>(["echo"], StringComparer.Ordinal));
        // One warm-up of each, then the best of three: the figure is the work, not the JIT.
        Measure(() => DefinitionLoader.Load(text, "seq.yaml", known));
        Measure(() => new YamlStream().Load(new StringReader(text)));
        var (ms, mb) = Enumerable.Range(0, 3).Select(_ => Measure(() =>
        {
            var r = DefinitionLoader.Load(text, "seq.yaml", known);
            if (!r.Succeeded)
            {
                throw new InvalidOperationException(string.Join("\n", r.Diagnostics.Take(3)));
            }
        })).MinBy(m => m.Ms);
        var (parseMs, parseMb) = Enumerable.Range(0, 3).Select(_ => Measure(() => new YamlStream().Load(new StringReader(text)))).MinBy(m => m.Ms);
        return new Result(steps, ms, mb, parseMs, parseMb);
    }

    private static (double Ms, double Mb) Measure(Action action)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0);
    }

    private static string Sequence(int steps)
    {
        var sb = new StringBuilder("apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: seq, version: '1' }\nspec:\n  steps:\n")
            .Append("    - { id: s0, task: echo, input: { v: 0 } }\n");
        for (var i = 1; i < steps; i++)
        {
            sb.Append($"    - {{ id: s{i}, task: echo, depends_on: [s{i - 1}], input: {{ v: '${{steps.s{i - 1}.output.v}}' }} }}\n");
        }
        return sb.ToString();
    }
}
