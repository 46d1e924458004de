using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Definitions.Import;

namespace Baton.Core.Tests.Definitions.Import;

public sealed class YamlTextTests
{
    [Fact]
    public void Write_TrickyValues_ReadBackUnchanged()
    {
        var value = JsonNode.Parse("""
            {
              "plain": "hello-world", "colon": "a: b", "hash": "x #y", "quote": "it's \"q\"", "expr": "${steps.a.output}",
              "true_text": "true", "number_text": "1.0", "octal": "0o17", "empty": "", "multi": "one\ntwo", "unicode": "ÆØÅ ✔",
              "n": 3, "f": 2.5, "b": false, "nul": null, "list": [1, "two", { "k": "v", "z": [] }, [3, 4]], "obj": {}, "1key": "k",
              "nested": { "deeper": { "list": [ { "a": 1, "b": { "c": "d" } } ] } }
            }
            """);

        var (doc, problems) = SourceReader.Read(YamlText.Write(value), "t.yaml");

        Assert.Empty(problems);
        Assert.True(JsonNode.DeepEquals(value, doc!.Root), YamlText.Write(value));
    }
}
