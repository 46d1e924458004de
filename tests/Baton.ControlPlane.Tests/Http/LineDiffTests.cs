using Baton.ControlPlane.Http;

namespace Baton.ControlPlane.Tests.Http;

public sealed class LineDiffTests
{
    [Fact]
    public void Unified_ReplacedLine_PutsTheRemovalBeforeTheAddition()
    {
        var diff = LineDiff.Unified("a\nold\nc", "a\nnew\nc", "1.0", "2.0");

        Assert.Equal("--- 1.0\n+++ 2.0\n@@ -1,3 +1,3 @@\n a\n-old\n+new\n c\n", diff);
    }

    [Fact]
    public void Unified_LinesAddedAndRemoved_KeepTheCommonOnesInOrder()
    {
        var diff = LineDiff.Unified("keep\ngone\nstay", "keep\nstay\nadded", "a", "b");

        Assert.Equal("--- a\n+++ b\n@@ -1,3 +1,3 @@\n keep\n-gone\n stay\n+added\n", diff);
    }
}
