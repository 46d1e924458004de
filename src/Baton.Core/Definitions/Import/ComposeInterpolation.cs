using System.Text;

namespace Baton.Core.Definitions.Import;

/// <summary>One model-compose interpolation, <c>${source[index].path as type/subtype | default @(annotation)}</c>, read and
/// written as a Baton expression (see <see cref="ComposeText"/>); an expression in the seed documents' dialect is read as Baton's.</summary>
internal static class ComposeInterpolation
{
    private static readonly string[] PassThrough = ["image", "audio", "video", "file", "base64", "stream", "select"];

    /// <summary>One interpolation's inside as a Baton expression; null (reported) when it cannot be one.</summary>
    public static string? Expression(string inner, ComposeScope scope, string path, ImportBuilder b)
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
        if (key.Length > 0 && r.Peek == '.' && scope.Members.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal)))
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
            fallback = ComposeText.Whole(text) is { } nested ? Expression(nested, scope, path, b) ?? "null" : ImportText.Quote(Unquote(text));
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
            notes.Add(new ComposeScope.Note(field.ToString(), type, description));
        }
        var value = fallback is null ? expr.ToString() : $"coalesce({expr}, {fallback})";
        return projection is not null ? $"({value}) == null ? null : {projection.Replace("@", value, StringComparison.Ordinal)}" : Convert(value, type, guardNull: fallback is null);
    }

    // An expression in the seed documents' dialect: Baton's operators over model-compose's names.
    private static string? SeedExpression(string inner, ComposeScope scope, string path, ImportBuilder b)
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
                    var close = ComposeText.Close(text, Position);
                    Position = close < 0 ? text.Length : close + 1;
                    continue;
                }
                Position++;
            }
            return text[start..Position];
        }
    }
}
