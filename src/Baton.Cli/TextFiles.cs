using Baton.Core;

namespace Baton.Cli;

/// <summary>Reads the text files the commands are given (workflows, catalogs, inputs) as strict UTF-8, with clear errors.</summary>
internal static class TextFiles
{
    /// <summary>Reads a file whole; a missing file, a directory, an unreadable file or bytes that are not UTF-8 are a <see cref="CliError"/> (exit 2).</summary>
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
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"Cannot read the {what} file '{path}': {ex.Message}", ExitCodes.InvalidInput);
        }
        return Utf8Text.TryDecode(bytes, out var text, out var offset)
            ? text
            : throw new CliError(Utf8Text.InvalidMessage($"The {what} file '{path}'", offset), ExitCodes.InvalidInput);
    }
}
