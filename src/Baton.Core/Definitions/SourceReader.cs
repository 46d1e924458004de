using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Baton.Core.Definitions;

/// <summary>Reads YAML or JSON text into a <see cref="SourceDocument"/> that remembers every node's position.</summary>
/// <remarks>JSON is read by the same YAML 1.2 parser, so both formats give identical positions and errors.
/// Plain scalars follow the YAML core schema (null, booleans, integers, floats); quoted scalars stay strings.
/// Duplicate keys are reported (the parser refuses them), never silently overwritten. Nesting and alias expansion
/// are bounded (<see cref="ValueLimits"/>) as the text is parsed, before a node past a limit is built.</remarks>
public static partial class SourceReader
{
    /// <summary>Parses text; syntax errors and duplicate keys come back as diagnostics.</summary>
    public static (SourceDocument? Document, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var stream = new YamlStream();
        try
        {
            try
            {
                stream.Load(new LimitedParser(text, file));
            }
            catch (YamlException) when (QuoteExpressions(text) is { } quoted)
            {
                // Seed files write `key: ${a ? b : c}` unquoted, which YAML reads as a nested mapping and refuses.
                // Such values are quoted and the text parsed once more; if that fails too, the first error is reported.
                stream = new YamlStream();
                try
                {
                    stream.Load(new LimitedParser(quoted, file));
                }
                catch (YamlException)
                {
                    stream = new YamlStream();
                    stream.Load(new LimitedParser(text, file));
                }
            }
        }
        catch (LimitException ex)
        {
            diagnostics.Add(ex.Diagnostic);
            return (null, diagnostics);
        }
        catch (YamlException ex)
        {
            var loc = new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column);
            if (Inner(ex).Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(new Diagnostic("BTN004", loc, "", $"A key appears twice in the same mapping: {Inner(ex).Message}",
                    "Remove or rename one of the two entries."));
                return (null, diagnostics);
            }
            diagnostics.Add(new Diagnostic("BTN001", loc, "", $"The file is not valid YAML or JSON: {Inner(ex).Message}",
                UnquotedInFlow(text, loc.Line)
                    ? "A ${...} inside { } or [ ] must be quoted, because YAML reads its braces as the collection's own: write " +
                      "{ id: \"${input.id}\" }, or put the keys on lines of their own."
                    : "Check indentation, quotes and brackets near this position."));
            return (null, diagnostics);
        }
        if (stream.Documents.Count == 0)
        {
            diagnostics.Add(new Diagnostic("BTN002", new SourceLocation(file, 1, 1), "", "The file is empty.",
                "Write a definition starting with 'apiVersion' and 'kind'."));
            return (null, diagnostics);
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            diagnostics.Add(new Diagnostic("BTN003", new SourceLocation(file, (int)second.Line, (int)second.Column), "",
                "The file holds more than one YAML document.", "Put each definition in its own file."));
            return (null, diagnostics);
        }
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var root = Convert(stream.Documents[0].RootNode, "", file, locations, diagnostics);
        return (diagnostics.Count == 0 ? new SourceDocument(file, root, locations) : null, diagnostics);
    }

    /// <summary>The text with every unquoted value that is one <c>${...}</c> holding ': ' or ' #' put in double quotes; null when there is none.</summary>
    /// <remarks>Only a plain value that starts with <c>${</c> and whose braces close at the end of its line is touched,
    /// so lines keep their numbers and nothing else changes.</remarks>
    internal static string? QuoteExpressions(string text)
    {
        var changed = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = UnquotedExpression().Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }
            var value = m.Groups["value"].Value.TrimEnd();
            if (!(value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal)) || !ClosesAtEnd(value))
            {
                continue;
            }
            lines[i] = m.Groups["lead"].Value + "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            changed = true;
        }
        return changed ? string.Join('\n', lines) : null;
    }

    // True when the given line (1-based) holds a ${ and a flow collection's { or [ other than the one of ${.
    private static bool UnquotedInFlow(string text, int line) =>
        text.Split('\n').ElementAtOrDefault(line - 1) is { } l && l.Contains("${", StringComparison.Ordinal) && FlowOpener().IsMatch(l);

    [GeneratedRegex(@"(?<!\$)[\{\[]")]
    private static partial Regex FlowOpener();

    // True when the ${ at the start is closed by the last character, outside quoted literals.
    private static bool ClosesAtEnd(string value) => Expressions.Template.IndexOfClose(value, 2) == value.Length - 1;

    [GeneratedRegex(@"^(?<lead>\s*(?:-\s+)?[A-Za-z0-9_.-]+:\s+|\s*-\s+)(?<value>\$\{.*)$")]
    private static partial Regex UnquotedExpression();

    private static Exception Inner(Exception ex) => ex.InnerException is YamlException inner ? inner : ex;

    private static JsonNode? Convert(YamlNode node, string path, string file,
        Dictionary<string, SourceLocation> locations, List<Diagnostic> diagnostics)
    {
        locations[path] = new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
                    var childPath = PathText.Key(path, key);
                    locations[childPath + "#key"] = new SourceLocation(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column);
                    obj[key] = Convert(valueNode, childPath, file, locations, diagnostics);
                }
                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    arr.Add(Convert(item, PathText.Index(path, i++), file, locations, diagnostics));
                }
                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }
        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+\\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
