using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Core.Definitions.Import;

/// <summary>Model-compose's interpolation, <c>${source[index].path as type | default @(annotation)}</c>, as Baton expressions.</summary>
/// <remarks>The source is renamed by the scope the value is read in (<c>jobs</c> to <c>steps</c>; a component's <c>result</c> and
/// <c>response</c> to <c>output</c>). A default applies when the value is null and is text, as model-compose reads it, unless a
/// type converts it; the type converts a value that is not null: <c>text</c>/<c>string</c>/<c>markdown</c> with <c>string()</c>,
/// <c>integer</c> with <c>floor(number())</c>, <c>number</c>, <c>boolean</c> (true for <c>true</c> or <c>1</c>), and
/// <c>json</c>/<c>object</c>/<c>list</c> with <c>json()</c>; media types (<c>image</c>, <c>audio</c>, <c>video</c>, <c>file</c>,
/// <c>base64</c>) pass the value on as it is, for the bound task to read. An annotation <c>@(description text)</c> on an input field
/// becomes that field's description in the workflow's input schema.</remarks>
internal static class ComposeText
{
    private static readonly string[] PassThrough = ["image", "audio", "video", "file", "base64", "stream", "select"];

    /// <summary>What one interpolation says of a workflow input field: its type and description, when given.</summary>
    public sealed record InputNote(string Field, string? Type, string? Description);

    /// <summary>Where a value is rendered: which source names it may read, and what each is in Baton.</summary>
    public sealed class Scope(IReadOnlyDictionary<string, string> roots, List<InputNote>? notes = null, HashSet<string>? referenced = null)
    {
        public IReadOnlyDictionary<string, string> Roots { get; } = roots;

        /// <summary>Names read with their first member (<c>job.input</c>, <c>job.output</c> in an interrupt), and what each is.</summary>
        public IReadOnlyDictionary<string, string> Members { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The workflow's job ids, which the reference also lets a value read without <c>jobs.</c> in front.</summary>
        public IReadOnlySet<string> JobIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Set when a value read a streamed result (<c>response[]</c>, <c>result[]</c>).</summary>
        public bool Streamed { get; set; }

        /// <summary>Whether <c>result.stdout</c> is read stripped, as model-compose gives a shell's output.</summary>
        public bool TrimStdout { get; init; }

        /// <summary>Where annotations of input fields are collected; null ignores them.</summary>
        public List<InputNote>? Notes { get; } = notes;

        /// <summary>Where the ids of the jobs read (<c>${jobs.X...}</c>) are collected; null ignores them.</summary>
        public HashSet<string>? Referenced { get; } = referenced;

        /// <summary>This scope collecting the jobs it reads into <paramref name="into"/>.</summary>
        public Scope Reading(HashSet<string> into) => new(Roots, Notes, into) { TrimStdout = TrimStdout, JobOutputs = JobOutputs, Members = Members, JobIds = JobIds };

        /// <summary>What <c>jobs.X.output</c> reads for jobs whose output is not their own step's (an after-interrupt or hook, an
        /// on_error fallback); other jobs read <c>steps.X.output</c>.</summary>
        public IReadOnlyDictionary<string, string> JobOutputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>A job's input and the workflow's output: the input and other jobs.</summary>
        public static Scope Workflow(List<InputNote>? notes = null) => new(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["input"] = "input", ["jobs"] = "steps", ["context"] = "workflow", ["env"] = "env",
            // The seed documents also read the workflow's variables (as metadata or variables) and the instance (workflow).
            ["variables"] = "variables", ["metadata"] = "variables", ["workflow"] = "workflow",
        }, notes);

        /// <summary>This scope with more names.</summary>
        public Scope With(params (string Name, string Baton)[] more)
        {
            var roots = new Dictionary<string, string>(Roots, StringComparer.Ordinal);
            foreach (var (name, baton) in more)
            {
                roots[name] = baton;
            }
            return new Scope(roots, Notes, Referenced) { TrimStdout = TrimStdout, JobOutputs = JobOutputs, Members = Members, JobIds = JobIds };
        }
    }

    /// <summary>Every string of a value converted; null stays null.</summary>
    public static JsonNode? Value(JsonNode? value, Scope scope, string path, ImportBuilder b) => value switch
    {
        JsonObject o when o.Select(p => p.Key).FirstOrDefault(k => k is "*" or "?" or "+" or "|" or "...") is { } op => Structural(op, o, path, b),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Value(p.Value, scope, PathText.Key(path, p.Key), b)))),
        JsonArray a => new JsonArray([.. a.Select((item, i) => Value(item, scope, PathText.Index(path, i), b))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Text(s, scope, path, b)),
        _ => value?.DeepClone(),
    };

    // model-compose's structural operators build values per item or by condition, which Baton's templates do not.
    private static JsonNode Structural(string op, JsonObject o, string path, ImportBuilder b)
    {
        var what = op switch
        {
            "*" => "maps a list item by item",
            "?" => "chooses a value by condition",
            "+" => "joins values",
            "|" => "splits a value item by item",
            _ => "spreads a value into another",
        };
        b.Error("BTN077", PathText.Key(path, op), $"model-compose's '{op}' operator {what}, which Baton's templates cannot do in a job's values.",
            "Shape the value in the task that makes it (or in a task of your own), and read the result.");
        return o.DeepClone();
    }

    /// <summary>A string with each <c>${...}</c> converted.</summary>
    public static string Text(string text, Scope scope, string path, ImportBuilder b)
    {
        var sb = new StringBuilder();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0)
        {
            var close = Close(text, open + 2);
            if (close < 0)
            {
                break;
            }
            sb.Append(text, at, open - at);
            var inner = text[(open + 2)..close];
            if (Whole(text) is null && UnknownName(inner, scope) is { } name)
            {
                // Inside longer text, ${name} of no source is text of the user's own (a JavaScript template literal, say): kept as
                // written. model-compose would render it empty.
                b.Warning("BTN076", path, $"'${{{inner}}}' reads '{name}', which is not a source here, so it is kept as text.",
                    "Write $${ to mean the text '${', or read a source such as ${input.name}.");
                sb.Append("$${").Append(inner).Append('}');
                at = close + 1;
                continue;
            }
            var expr = Expression(inner, scope, path, b);
            sb.Append(expr is null ? text[open..(close + 1)] : "${" + expr + "}");
            at = close + 1;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }

    // The name an interpolation reads when it is a plain name that is no source, job or member of this scope; else null.
    private static string? UnknownName(string inner, Scope scope)
    {
        var name = inner.Trim();
        var end = name.IndexOfAny(['.', '[', ' ', '|']);
        name = end < 0 ? name : name[..end];
        return name.Length > 0 && name.All(c => c == '_' || char.IsAsciiLetterOrDigit(c)) && !scope.Roots.ContainsKey(name) && !scope.JobIds.Contains(name)
            && !scope.Members.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal)) && end < 0 ? name : null;
    }

    /// <summary>A value given as a condition or operand: one <c>${...}</c> as its expression, anything else as a literal.</summary>
    public static string Operand(JsonNode? value, Scope scope, string path, ImportBuilder b) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && Whole(s) is { } inner => "(" + (Expression(inner, scope, path, b) ?? "null") + ")",
        JsonValue v when v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal) => Concat(s, scope, path, b),
        JsonArray list => "[" + string.Join(", ", list.Select((item, i) => Operand(item, scope, PathText.Index(path, i), b))) + "]",
        _ => ImportText.Literal(value),
    };

    // Text with expressions inside an expression: its pieces joined, literal text quoted and each value as text.
    private static string Concat(string text, Scope scope, string path, ImportBuilder b)
    {
        var parts = new List<string>();
        var at = 0;
        while (text.IndexOf("${", at, StringComparison.Ordinal) is var open and >= 0 && Close(text, open + 2) is var close and >= 0)
        {
            if (open > at)
            {
                parts.Add(ImportText.Quote(text[at..open]));
            }
            parts.Add($"string({Expression(text[(open + 2)..close], scope, path, b) ?? "null"})");
            at = close + 1;
        }
        if (at < text.Length)
        {
            parts.Add(ImportText.Quote(text[at..]));
        }
        return "(" + string.Join(" + ", parts) + ")";
    }

    /// <summary>The inside of a string that is exactly one <c>${...}</c>; null otherwise.</summary>
    public static string? Whole(string text)
    {
        var t = text.Trim();
        return t.StartsWith("${", StringComparison.Ordinal) && Close(t, 2) == t.Length - 1 ? t[2..^1] : null;
    }

    // The index of the '}' that closes a '${' whose inside starts at 'from' (nested ${...} in defaults and attributes count).
    private static int Close(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && depth-- == 0)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>One interpolation's inside as a Baton expression; null (reported) when it cannot be one.</summary>
    private static string? Expression(string inner, Scope scope, string path, ImportBuilder b)
    {
        var r = new Reader(inner);
        r.Spaces();
        var key = r.While(c => c is not ('.' or '[' or '}' or '|') && !char.IsWhiteSpace(c));
        if (key.EndsWith("[]", StringComparison.Ordinal))
        {
            key = key[..^2];
        }
        if (key.Length > 0 && !scope.Roots.ContainsKey(key) && !key.All(c => c is '-' or '_' or ':' || char.IsLetterOrDigit(c)))
        {
            return SeedExpression(inner, scope, path, b);
        }
        if (key.Length > 0 && !scope.Roots.ContainsKey(key) && scope.JobIds.Contains(key))
        {
            // The reference's shorthand: ${job-id.output} for ${jobs.job-id.output}.
            return Expression("jobs." + inner.TrimStart(), scope, path, b);
        }
        string? member = null;
        if (key.Length > 0 && !scope.Roots.ContainsKey(key) && r.Peek == '.')
        {
            // A name read with its first member (job.input, job.output), as the scope gives it.
            var at = r.Position;
            r.Next();
            var first = r.While(c => c is '-' or '_' || char.IsLetterOrDigit(c));
            if (scope.Members.TryGetValue($"{key}.{first}", out member))
            {
                key = $"{key}.{first}";
            }
            else
            {
                r.Back(at);
            }
        }
        var root = member;
        if (root is null && (key.Length == 0 || !scope.Roots.TryGetValue(key, out root)))
        {
            b.Error("BTN076", path, $"'${{{inner.Trim()}}}' reads '{key}', which is not a source here (it may read: {string.Join(", ", scope.Roots.Keys)}).",
                "Read one of those sources, e.g. ${input.name} or ${jobs.<job>.output}.");
            return null;
        }
        var expr = new StringBuilder(root!);
        var field = new StringBuilder();
        // An index right after the source, then a dotted path of names and indexes.
        while (r.Peek is '[' or '.')
        {
            if (r.Peek == '[')
            {
                var index = r.Between('[', ']');
                if (index.Length == 0 && field.Length == 0)
                {
                    // key[]: a streamed result, chunk by chunk.
                    scope.Streamed = true;
                    continue;
                }
                if (index == "*")
                {
                    // Every item's value at the rest of the path.
                    var rest = r.While(c => !char.IsWhiteSpace(c) && c is not ('|' or '}' or '@')).TrimStart('.');
                    var list = expr.ToString();
                    expr.Clear().Append(rest.Length == 0 ? list : $"pluck({list}, {ImportText.Quote(rest)})");
                    field.Append("[*]");
                    break;
                }
                if (!int.TryParse(index, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    b.Error("BTN076", path, $"'[{index}]' in '${{{inner.Trim()}}}' is a slice, which Baton's expressions do not read.",
                        "Read one item by its index, e.g. [0] or [-1], or shape the list in the task that makes it.");
                    return null;
                }
                var indexed = expr.ToString();
                expr.Clear().Append(n >= 0 ? $"{indexed}[{n}]" : $"{indexed}[len({indexed}) - {-n}]");
                continue;
            }
            r.Next();
            var name = r.While(c => c is '-' or '_' || char.IsLetterOrDigit(c));
            var target = expr.ToString();
            if (key == "jobs" && field.Length == 0)
            {
                if (scope.JobIds.Count > 0 && !scope.JobIds.Contains(name))
                {
                    b.Error("BTN075", path, $"'jobs.{name}' is not a job of this workflow.", $"Use the id of a job. {Suggest.Hint(name, scope.JobIds, "Jobs")}");
                    return null;
                }
                scope.Referenced?.Add(name);
                if (r.Peek == '.' && scope.JobOutputs.TryGetValue(name, out var replaced) && r.Skip(".output"))
                {
                    expr.Clear().Append(replaced);
                    field.Append(name).Append(".output");
                    continue;
                }
            }
            expr.Clear().Append(key == "jobs" && field.Length == 0 ? ComposeJob.Ref(name) : ImportText.Member(target, name));
            if (key == "result" && scope.TrimStdout && name == "stdout" && field.Length == 0)
            {
                expr.Clear().Append("trim(string(").Append(target).Append(".stdout))");
            }
            field.Append(field.Length == 0 ? "" : ".").Append(name);
        }
        r.Spaces();
        string? type = null;
        string? projection = null;
        if (r.Word("as"))
        {
            r.Spaces();
            type = r.While(c => c is not ('/' or ';' or '[' or '}' or '|' or '@') && !char.IsWhiteSpace(c));
            var list = r.Skip("[]");
            string? subtype = null;
            if (r.Peek == '/')
            {
                r.Next();
                subtype = r.While(c => c is not (';' or '[' or '|' or '@') && !char.IsWhiteSpace(c));
                if (r.Peek == '[')
                {
                    r.Between('[', ']');
                }
            }
            if (type == "object" && subtype is { Length: > 0 })
            {
                // object/a,b.c picks those fields (each under its last name); object[]/a,b from every item of a list.
                var fields = string.Join(", ", subtype.Split(',').Select(f => ImportText.Quote(f.Trim())));
                projection = list ? $"project(@, {fields})" : $"project([@], {fields})[0]";
                list = false;
            }
            else if (type == "object" && list)
            {
                list = false;
            }
            if (r.Peek == ';')
            {
                r.While(c => !char.IsWhiteSpace(c) && c is not ('|' or '@'));
            }
            if (list && !PassThrough.Contains(type, StringComparer.Ordinal))
            {
                b.Error("BTN076", path, $"'as {type}[]' converts each item of a list, which Baton's expressions cannot do in place.",
                    "Drop the conversion (the items pass as they are), or convert them in the task that makes the list.");
                return null;
            }
            r.Spaces();
        }
        string? fallback = null;
        if (r.Peek == '|' && r.PeekAt(1) == '|')
        {
            return SeedExpression(inner, scope, path, b);
        }
        if (r.Peek == '|')
        {
            r.Next();
            var text = r.UntilAnnotation().Trim();
            fallback = Whole(text) is { } nested ? Expression(nested, scope, path, b) ?? "null" : ImportText.Quote(Unquote(text));
        }
        string? description = null;
        if (r.Skip("@("))
        {
            // The annotation runs to its last ')': a description may hold parentheses of its own.
            var close = inner.LastIndexOf(')');
            var annotation = close > r.Position ? inner[r.Position..close].Trim() : r.While(c => c != ')').Trim();
            r.Back(close > r.Position ? close + 1 : r.Position + 1);
            var space = annotation.IndexOfAny([' ', '\t']);
            if (space > 0 && annotation[..space] == "description")
            {
                description = annotation[(space + 1)..].Trim();
            }
        }
        r.Spaces();
        if (!r.AtEnd)
        {
            // Not model-compose's grammar: the seed documents write Baton-like expressions (${jobs.a.output.n > 5 ? x : y}).
            return SeedExpression(inner, scope, path, b);
        }
        if (root == "input" && key == "input" && field.Length > 0 && scope.Notes is { } notes && (type is not null || description is not null))
        {
            notes.Add(new InputNote(field.ToString(), type, description));
        }
        var value = fallback is null ? expr.ToString() : $"coalesce({expr}, {fallback})";
        return projection is not null ? $"({value}) == null ? null : {projection.Replace("@", value, StringComparison.Ordinal)}" : Convert(value, type, guardNull: fallback is null);
    }

    // An expression in the seed documents' dialect: Baton's operators over model-compose's names.
    private static string? SeedExpression(string inner, Scope scope, string path, ImportBuilder b)
    {
        var text = inner.Trim();
        foreach (var (name, baton) in scope.Roots.Where(p => p.Key != p.Value))
        {
            text = ImportText.RenameInExpression(text, name, baton);
        }
        text = ImportText.RenameInExpression(text, "metadata", "variables");
        try
        {
            Expressions.Parser.Parse(text);
        }
        catch (Expressions.ExpressionException ex)
        {
            b.Error("BTN076", path, $"'${{{inner.Trim()}}}' is neither model-compose's ${{source.path as type | default}} nor an expression: {ex.Message}",
                "Write ${source.path as type | default @(description text)}, or an expression such as ${jobs.check.output.ok == true}.");
            return null;
        }
        if (scope.Referenced is { } referenced)
        {
            referenced.UnionWith(ImportText.MembersOf("${" + text + "}", "steps"));
        }
        return text;
    }

    private static string Convert(string value, string? type, bool guardNull)
    {
        string? converted = type switch
        {
            null => null,
            "text" or "string" or "markdown" => $"string({value})",
            "integer" => $"floor(number({value}))",
            "number" => $"number({value})",
            "boolean" => $"contains(['true', '1'], lower(string({value})))",
            "json" or "object" or "list" => $"json({value})",
            _ => null,
        };
        return converted is null ? value : guardNull ? $"({value}) == null ? null : {converted}" : converted;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' && text[^1] == '"' || text[0] == '\'' && text[^1] == '\'') ? text[1..^1] : text;

    private sealed class Reader(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek => AtEnd ? '\0' : text[Position];

        public char PeekAt(int ahead) => Position + ahead < text.Length ? text[Position + ahead] : '\0';

        public void Next() => Position++;

        public void Back(int position) => Position = position;

        public void Spaces() => While(char.IsWhiteSpace);

        public string While(Func<char, bool> accept)
        {
            var start = Position;
            while (!AtEnd && accept(text[Position]))
            {
                Position++;
            }
            return text[start..Position];
        }

        public bool Skip(string literal)
        {
            if (string.CompareOrdinal(text, Position, literal, 0, literal.Length) != 0)
            {
                return false;
            }
            Position += literal.Length;
            return true;
        }

        public bool Word(string word) =>
            string.CompareOrdinal(text, Position, word, 0, word.Length) == 0 && Position + word.Length < text.Length && char.IsWhiteSpace(text[Position + word.Length]) && Skip(word);

        public string Between(char open, char close)
        {
            Position++;
            var inside = While(c => c != close);
            Position++;
            return inside;
        }

        // A default runs to an annotation or the end; a nested ${...} in it is kept whole.
        public string UntilAnnotation()
        {
            var start = Position;
            while (!AtEnd && !(Peek == '@' && Position + 1 < text.Length && text[Position + 1] == '('))
            {
                if (Skip("${"))
                {
                    var close = Close(text, Position);
                    Position = close < 0 ? text.Length : close + 1;
                    continue;
                }
                Position++;
            }
            return text[start..Position];
        }
    }
}
