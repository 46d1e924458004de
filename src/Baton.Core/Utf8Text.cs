using System.Buffers;
using System.Text.Unicode;

namespace Baton.Core;

/// <summary>Decodes UTF-8 strictly: invalid bytes are refused with their offset instead of being replaced by U+FFFD.</summary>
/// <remarks>A leading byte order mark is skipped, as file readers do. Definitions, catalogs and inputs are decoded
/// here, so text that is not UTF-8 never reaches the store changed.</remarks>
public static class Utf8Text
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes bytes, or gives the 0-based byte offset of the first invalid sequence.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out long invalidOffset)
    {
        var skip = bytes.StartsWith(Bom) ? Bom.Length : 0;
        var source = bytes[skip..];
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, source.Length));
        try
        {
            var status = Utf8.ToUtf16(source, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                text = "";
                invalidOffset = skip + read;
                return false;
            }
            text = new string(buffer, 0, written);
            invalidOffset = -1;
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The message for text that is not UTF-8, naming what was read and the byte offset.</summary>
    public static string InvalidMessage(string what, long offset) =>
        $"{what} is not valid UTF-8: the byte at offset {offset} (0-based) does not start a valid UTF-8 sequence. Save it as UTF-8.";
}
