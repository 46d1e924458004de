using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Core.Expressions;

/// <summary>The built-in functions expressions may call; each is pure given its <see cref="EvaluationContext"/>.</summary>
/// <remarks><c>uuid()</c>, <c>random()</c> and <c>now()</c> read the context, whose values are recorded, so they are stable on
/// retry and recovery.</remarks>
public static class Functions
{
    private delegate JsonNode? Impl(JsonNode?[] args, EvaluationContext ctx, Fail fail);

    private delegate Exception Fail(string reason);

    private static readonly Dictionary<string, (int Min, int Max, Impl Run)> Table = new(StringComparer.Ordinal)
    {
        ["uuid"] = (0, 0, (_, ctx, _) => JsonValue.Create(ctx.NewUuid())),
        ["random"] = (0, 0, (_, ctx, _) => JsonValue.Create(ctx.Draw())),
        ["now"] = (0, 0, (_, ctx, _) => JsonValue.Create(ctx.Now.ToString("O", CultureInfo.InvariantCulture))),
        ["len"] = (1, 1, (a, _, fail) => JsonValue.Create(a[0] switch
        {
            null => 0,
            JsonArray arr => arr.Count,
            JsonObject o => o.Count,
            var v when Values.IsString(v) => v!.GetValue<string>().Length,
            var v => throw fail($"len() takes a string, list or object, not a {Values.Kind(v)}"),
        })),
        ["lower"] = (1, 1, (a, _, _) => JsonValue.Create(Values.Text(a[0]).ToLowerInvariant())),
        ["upper"] = (1, 1, (a, _, _) => JsonValue.Create(Values.Text(a[0]).ToUpperInvariant())),
        ["trim"] = (1, 1, (a, _, _) => JsonValue.Create(Values.Text(a[0]).Trim())),
        ["contains"] = (2, 2, (a, _, fail) => JsonValue.Create(a[0] switch
        {
            null => false,
            JsonArray arr => arr.Any(x => Values.Equal(x, a[1])),
            JsonObject o => o.ContainsKey(Values.Text(a[1])),
            var v when Values.IsString(v) => v!.GetValue<string>().Contains(Values.Text(a[1]), StringComparison.Ordinal),
            var v => throw fail($"contains() takes a string, list or object, not a {Values.Kind(v)}"),
        })),
        ["startsWith"] = (2, 2, (a, _, _) => JsonValue.Create(Values.Text(a[0]).StartsWith(Values.Text(a[1]), StringComparison.Ordinal))),
        ["endsWith"] = (2, 2, (a, _, _) => JsonValue.Create(Values.Text(a[0]).EndsWith(Values.Text(a[1]), StringComparison.Ordinal))),
        ["matches"] = (2, 2, (a, _, fail) => JsonValue.Create(Matches(Values.Text(a[0]), Values.Text(a[1]), fail))),
        ["coalesce"] = (1, 16, (a, _, _) => a.FirstOrDefault(x => x is not null)?.DeepClone()),
        ["merge"] = (1, 16, (a, _, fail) => Merge(a, fail)),
        ["flatten"] = (1, 1, (a, _, fail) => a[0] switch
        {
            null => null,
            JsonArray list => Flatten(list, fail),
            var v => throw fail($"flatten() takes a list, not a {Values.Kind(v)}"),
        }),
        ["project"] = (2, 16, (a, _, fail) => a[0] switch
        {
            null => null,
            JsonArray list => Project(list, [.. a.Skip(1).Select(Values.Text)], fail),
            var v => throw fail($"project() takes a list first, not a {Values.Kind(v)}"),
        }),
        ["pluck"] = (2, 2, (a, _, fail) => a[0] switch
        {
            null => null,
            JsonArray list => Pluck(list, Values.Text(a[1]), fail),
            var v => throw fail($"pluck() takes a list first, not a {Values.Kind(v)}"),
        }),
        ["json"] = (1, 1, (a, _, fail) => ParseJson(Values.Text(a[0]), fail)),
        ["string"] = (1, 1, (a, _, _) => JsonValue.Create(Values.Text(a[0]))),
        ["number"] = (1, 1, (a, _, fail) => a[0] switch
        {
            var v when Values.IsNumber(v) => v!.DeepClone(),
            var v when Values.IsString(v) && double.TryParse(v!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Values.Number(d),
            JsonValue v when v.GetValueKind() is JsonValueKind.True => Values.Number(1),
            JsonValue v when v.GetValueKind() is JsonValueKind.False => Values.Number(0),
            var v => throw fail($"number() cannot convert '{Values.Text(v)}'"),
        }),
        ["bool"] = (1, 1, (a, _, _) => JsonValue.Create(Values.Truthy(a[0]))),
        ["hash"] = (1, 1, (a, _, _) => JsonValue.Create(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Values.Text(a[0])))))),
        ["join"] = (2, 2, (a, _, fail) => a[0] is JsonArray arr
            ? JsonValue.Create(string.Join(Values.Text(a[1]), arr.Select(Values.Text)))
            : throw fail("join() takes a list first")),
        ["split"] = (2, 2, (a, _, _) => new JsonArray([.. Values.Text(a[0]).Split(Values.Text(a[1])).Select(s => (JsonNode?)JsonValue.Create(s))])),
        ["keys"] = (1, 1, (a, _, fail) => a[0] is JsonObject o
            ? new JsonArray([.. o.Select(p => (JsonNode?)JsonValue.Create(p.Key))])
            : throw fail("keys() takes an object")),
        ["min"] = (1, 16, (a, _, fail) => Values.Number(Numbers(a, fail).Min())),
        ["max"] = (1, 16, (a, _, fail) => Values.Number(Numbers(a, fail).Max())),
        ["sum"] = (1, 16, (a, _, fail) => Values.Number(Numbers(a, fail).Sum())),
        ["abs"] = (1, 1, (a, _, fail) => Values.Number(Math.Abs(Numbers(a, fail).Single()))),
        ["round"] = (1, 2, (a, _, fail) => Values.Number(Math.Round(Numbers(a[..1], fail).Single(), a.Length > 1 ? (int)Numbers(a[1..], fail).Single() : 0, MidpointRounding.AwayFromZero))),
        ["floor"] = (1, 1, (a, _, fail) => Values.Number(Math.Floor(Numbers(a, fail).Single()))),
        ["ceil"] = (1, 1, (a, _, fail) => Values.Number(Math.Ceiling(Numbers(a, fail).Single()))),
    };

    /// <summary>The names of every built-in function.</summary>
    public static IEnumerable<string> Names => Table.Keys;

    /// <summary>True when a function of that name exists.</summary>
    public static bool IsKnown(string name) => Table.ContainsKey(name);

    /// <summary>Why a call with that many arguments is wrong, or null when the count fits the function.</summary>
    /// <remarks>The parser asks this, so a wrong count is refused when a definition is validated, never first at run time.</remarks>
    public static string? ArityProblem(string name, int count)
    {
        var (min, max, _) = Table[name];
        if (count >= min && count <= max)
        {
            return null;
        }
        var expected = min == max ? $"{min}" : $"{min} to {max}";
        return $"{name}() takes {expected} argument(s), not {count}";
    }

    internal static JsonNode? Call(string name, JsonNode?[] args, EvaluationContext ctx, string src, int pos)
    {
        if (ArityProblem(name, args.Length) is { } problem)
        {
            throw new ExpressionException(problem, src, pos);
        }
        return Table[name].Run(args, ctx, reason => new ExpressionException(reason, src, pos));
    }

    // The items of a list joined into one value: lists one level deeper extended, strings (and numbers) concatenated, objects
    // merged; nulls skipped. Mixed kinds cannot be joined.
    private static JsonNode? Flatten(JsonArray list, Fail fail)
    {
        var items = list.Where(i => i is not null).ToList();
        if (items.Count <= 1)
        {
            // Nothing to join: the one value as it is (a number stays a number).
            return items.Count == 0 ? null : items[0]!.DeepClone();
        }
        return items[0] switch
        {
            JsonArray => items.All(i => i is JsonArray) ? new JsonArray([.. items.SelectMany(i => i!.AsArray()).Select(x => x?.DeepClone())]) : throw fail("flatten() cannot join lists with other values"),
            JsonObject => Merge([.. items], fail),
            _ => items.All(i => i is JsonValue) ? JsonValue.Create(string.Concat(items.Select(Values.Text))) : throw fail("flatten() cannot join text with lists or objects"),
        };
    }

    // Each item as an object of the fields at those paths, each under its path's last name (two paths may not share one).
    private static JsonArray Project(JsonArray list, string[] paths, Fail fail)
    {
        var names = paths.Select(p => p.Split('.')[^1]).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw fail($"project() would give two fields one name: {string.Join(", ", paths)}");
        }
        var columns = paths.Select(p => Pluck(list, p, fail)).ToList();
        return new JsonArray([.. list.Select((_, i) => (JsonNode?)new JsonObject(names.Select((name, c) => KeyValuePair.Create(name, columns[c][i]?.DeepClone()))))]);
    }

    // Each item's value at a path of names, [n] indexes and [*] (every item again): a member missing on the way gives null.
    private static JsonArray Pluck(JsonArray list, string path, Fail fail)
    {
        var segments = System.Text.RegularExpressions.Regex.Matches(path, @"[^.\[\]]+|\[-?\d+\]|\[\*\]").Select(m => m.Value).ToArray();
        if (segments.Length == 0 || string.Concat(segments.Select(x => x.StartsWith('[') ? x : "." + x)).TrimStart('.') != path.TrimStart('.'))
        {
            throw fail($"pluck() cannot read the path '{path}': write names, [n] and [*], e.g. 'box.x' or 'faces[*].score'");
        }
        return new JsonArray([.. list.Select(item => Walk(item, segments, 0))]);

        static JsonNode? Walk(JsonNode? node, string[] segments, int at)
        {
            for (var i = at; i < segments.Length; i++)
            {
                var s = segments[i];
                if (s == "[*]")
                {
                    return node is JsonArray items ? new JsonArray([.. items.Select(x => Walk(x, segments, i + 1))]) : null;
                }
                node = s.StartsWith('[')
                    ? node is JsonArray a && int.TryParse(s[1..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && (n < 0 ? a.Count + n : n) is var k && k >= 0 && k < a.Count ? a[k] : null
                    : node is JsonObject o ? o[s] : null;
            }
            return node?.DeepClone();
        }
    }

    /// <summary>Deep-merges objects left to right: a later key wins, two objects under one key merge, nulls are skipped.</summary>
    private static JsonObject Merge(JsonNode?[] args, Fail fail)
    {
        var result = new JsonObject();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case null:
                    break;
                case JsonObject o:
                    MergeInto(result, o);
                    break;
                default:
                    throw fail($"merge() takes objects (or null), not a {Values.Kind(arg)}");
            }
        }
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                MergeInto(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static IEnumerable<double> Numbers(JsonNode?[] args, Fail fail)
    {
        var items = args.Length == 1 && args[0] is JsonArray arr ? arr.ToArray() : args;
        if (items.Length == 0)
        {
            throw fail("needs at least one number");
        }
        return items.Select(x => Values.AsNumber(x) ?? throw fail($"needs numbers, not a {Values.Kind(x)}"));
    }

    private static JsonNode? ParseJson(string text, Fail fail)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: ValueLimits.ReadOptions);
        }
        catch (JsonException ex)
        {
            throw fail($"json() could not parse its argument: {ex.Message}");
        }
    }

    /// <summary>The longest pattern <c>matches()</c> takes.</summary>
    public const int MaxPatternLength = 1000;

    // Linear-time matching (no backtracking), so no pattern or text can make an evaluation run away.
    private static bool Matches(string text, string pattern, Fail fail)
    {
        if (pattern.Length > MaxPatternLength)
        {
            throw fail($"matches() takes a pattern of at most {MaxPatternLength} characters");
        }
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(text, pattern,
                System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            throw fail($"matches() pattern is not a valid regular expression: {ex.Message}");
        }
        catch (NotSupportedException)
        {
            throw fail("matches() pattern uses lookarounds, backreferences or atomic groups, which linear-time matching does not support");
        }
    }
}
