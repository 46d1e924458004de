using Baton.Core;
using Baton.Runtime.Text;

namespace Baton.Cli;

/// <summary>Reads the text files the commands are given (workflows, catalogs, inputs) as strict UTF-8, with clear errors.</summary>
internal static class TextFiles
{
    /// <summary>The largest file the CLI reads: 16 MiB.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>Reads a file whole; a missing file, a directory, a device, pipe or socket, a file over <see cref="MaxBytes"/>,
    /// an unreadable file or bytes that are not UTF-8 are a <see cref="CliError"/> (exit 2), found before more than the limit is read.</summary>
    public static string Read(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliError($"The {what} path '{path}' is a directory; give a file.", ExitCodes.InvalidInput);
        }
        if (!File.Exists(path))
        {
            throw new CliError($"The {what} file '{path}' does not exist.", ExitCodes.InvalidInput);
        }
        if (!LocalFiles.IsRegular(path))
        {
            throw new CliError($"The {what} path '{path}' is not a regular file (a device, a pipe or a socket); give a file.", ExitCodes.InvalidInput);
        }
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new CliError($"The {what} file '{path}' is larger than {MaxBytes >> 20} MiB, the largest file baton reads.", ExitCodes.InvalidInput);
        }
        byte[] bytes;
        try
        {
            bytes = LocalFiles.ReadBounded(path, MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"Cannot read the {what} file '{path}': {ex.Message}.", ExitCodes.InvalidInput);
        }
        return Utf8Text.TryDecode(bytes, out var text, out var offset)
            ? text
            : throw new CliError(Utf8Text.InvalidMessage($"The {what} file '{path}'", offset), ExitCodes.InvalidInput);
    }
}
