using System.Text;

namespace Baton.ControlPlane.Http;

/// <summary>A line diff of two texts in unified format (whole-file hunk), by longest common subsequence.</summary>
internal static class LineDiff
{
    /// <summary>The unified diff from <paramref name="left"/> to <paramref name="right"/>; where lines are replaced, the removed ones come first, as in <c>diff -u</c>.</summary>
    public static string Unified(string left, string right, string leftName, string rightName)
    {
        var a = left.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var b = right.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var sb = new StringBuilder($"--- {leftName}\n+++ {rightName}\n@@ -1,{a.Length} +1,{b.Length} @@\n");
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                sb.Append(' ').Append(a[x++]).Append('\n');
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                sb.Append('-').Append(a[x++]).Append('\n'); // a replaced line reads as removed, then added
            }
            else
            {
                sb.Append('+').Append(b[y++]).Append('\n');
            }
        }
        return sb.ToString();
    }
}
