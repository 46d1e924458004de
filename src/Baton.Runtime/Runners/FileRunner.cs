using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>Runs <c>runner: file</c> bindings: read, write, list, copy, move and delete under the binding's root.</summary>
/// <remarks>Every path is confined by <see cref="FileRoot"/> first. Writes and copies go to a temporary file beside the
/// target and are renamed into place, so a reader never sees half a file and a crash leaves the old one. Repeating an
/// attempt is safe: a write or copy with <c>overwrite</c> writes the same again, a move whose source is gone and whose
/// target exists counts as done, and deleting what is gone answers <c>deleted: false</c>. A missing file, a folder where
/// a file is meant, content too large or malformed, and access denied fail the attempt for good; other I/O errors are
/// retryable.</remarks>
public sealed class FileRunner : ITaskRunner
{
    /// <inheritdoc />
    public bool CanRun(TaskBinding binding) => binding is FileBinding;

    /// <inheritdoc />
    public async Task<TaskResult> RunAsync(TaskBinding binding, TaskContext context, CancellationToken cancellationToken)
    {
        var b = (FileBinding)binding;
        var root = new FileRoot(b.Root);
        if (!Directory.Exists(root.Path))
        {
            return TaskResult.Fail("FileRootMissing", $"The folder '{root.Path}' that '{b.Name}' works under does not exist.", retryable: false);
        }
        try
        {
            var ctx = context.TemplateContext();
            var (path, pathRefused) = Confine(root, b, b.Path is { } pathTemplate ? Values.Text(pathTemplate.Evaluate(ctx)) : "", allowRoot: b.Operation == FileOperation.List);
            if (pathRefused is not null)
            {
                return pathRefused;
            }
            string? to = null;
            if (b.To is { } toTemplate)
            {
                (to, var toRefused) = Confine(root, b, Values.Text(toTemplate.Evaluate(ctx)), allowRoot: false);
                if (toRefused is not null)
                {
                    return toRefused;
                }
            }
            return b.Operation switch
            {
                FileOperation.Read => await ReadAsync(b, root, path!, cancellationToken).ConfigureAwait(false),
                FileOperation.Write => await WriteAsync(b, root, path!, b.Content!.Evaluate(ctx), context, cancellationToken).ConfigureAwait(false),
                FileOperation.List => List(b, root, path!),
                FileOperation.Copy => await CopyAsync(b, root, path!, to!, context, cancellationToken).ConfigureAwait(false),
                FileOperation.Move => Move(b, root, path!, to!),
                _ => Delete(b, root, path!),
            };
        }
        catch (ExpressionException ex)
        {
            return TaskResult.Fail("ExpressionError", ex.Message, retryable: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return TaskResult.Fail("NotFound", $"'{b.Name}': {Relative(root, ex.Message)}", retryable: false);
        }
        catch (PathTooLongException ex)
        {
            return TaskResult.Fail("PathRefused", $"'{b.Name}': {Relative(root, ex.Message)}", retryable: false);
        }
        catch (UnauthorizedAccessException ex)
        {
            return TaskResult.Fail("AccessDenied", $"'{b.Name}': {Relative(root, ex.Message)}", retryable: false);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return TaskResult.Fail("IOError", $"'{b.Name}': {Relative(root, ex.Message)}");
        }
    }

    private static (string? Full, TaskResult? Refused) Confine(FileRoot root, FileBinding b, string relative, bool allowRoot)
    {
        var (full, refusal) = root.Resolve(relative, allowRoot);
        return refusal is null ? (full, null)
            : (null, TaskResult.Fail("PathRefused", $"'{b.Name}' refuses the path '{Core.Definitions.Names.Printable(relative)}': {refusal}.", retryable: false));
    }

    /// <summary>An I/O message with the root left out, so history shows paths as the workflow gave them.</summary>
    private static string Relative(FileRoot root, string message) => message.Replace(root.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    private static async Task<TaskResult> ReadAsync(FileBinding b, FileRoot root, string full, CancellationToken ct)
    {
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return TaskResult.Fail("NotFound", $"'{b.Name}': there is no file '{root.Show(full)}'{(Directory.Exists(full) ? " (it is a folder)" : "")}.", retryable: false);
        }
        if (info.Length > b.MaxBytes)
        {
            return TaskResult.Fail("FileTooLarge", $"'{b.Name}': '{root.Show(full)}' has {info.Length} bytes, more than its max_bytes of {b.MaxBytes}.", retryable: false);
        }
        var bytes = await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false);
        JsonNode? content;
        try
        {
            content = b.Encoding switch
            {
                FileEncoding.Base64 => JsonValue.Create(Convert.ToBase64String(bytes)),
                FileEncoding.Json => Core.ValueLimits.Parse(Strict.GetString(bytes)),
                _ => JsonValue.Create(Strict.GetString(bytes)),
            };
        }
        catch (Exception ex) when (ex is DecoderFallbackException or System.Text.Json.JsonException)
        {
            return TaskResult.Fail("InvalidContent", $"'{b.Name}': '{root.Show(full)}' is not {(b.Encoding == FileEncoding.Json ? "JSON" : "UTF-8 text")}: {ex.Message}", retryable: false);
        }
        return TaskResult.Ok(new JsonObject { ["path"] = root.Show(full), ["size"] = bytes.Length, ["content"] = content });
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static async Task<TaskResult> WriteAsync(FileBinding b, FileRoot root, string full, JsonNode? content, TaskContext context, CancellationToken ct)
    {
        byte[] bytes;
        switch (b.Encoding)
        {
            case FileEncoding.Base64 when content is JsonValue v && v.TryGetValue<string>(out var text):
                if (!Convert.TryFromBase64String(text, new byte[text.Length], out var length))
                {
                    return TaskResult.Fail("InvalidContent", $"'{b.Name}': the content is not base64.", retryable: false);
                }
                bytes = Convert.FromBase64String(text)[..length];
                break;
            case FileEncoding.Base64:
                return TaskResult.Fail("InvalidContent", $"'{b.Name}': base64 content must be a string, not {Core.Definitions.ObjectReader.JsonKind(content)}.", retryable: false);
            case FileEncoding.Text when content is JsonValue v && v.TryGetValue<string>(out var text):
                bytes = Encoding.UTF8.GetBytes(text);
                break;
            default:
                bytes = Encoding.UTF8.GetBytes(content?.ToJsonString() ?? "null");
                break;
        }
        if (Directory.Exists(full))
        {
            return TaskResult.Fail("NotAFile", $"'{b.Name}': '{root.Show(full)}' is a folder.", retryable: false);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Temporary(full, context);
        await File.WriteAllBytesAsync(temp, bytes, ct).ConfigureAwait(false);
        return Place(b, root, temp, full) ?? TaskResult.Ok(new JsonObject { ["path"] = root.Show(full), ["size"] = bytes.Length });
    }

    /// <summary>The temporary file beside <paramref name="full"/> an attempt writes before renaming it into place, named after the attempt.</summary>
    private static string Temporary(string full, TaskContext context) =>
        Path.Join(Path.GetDirectoryName(full), $".{Path.GetFileName(full)}.{Abstractions.ContentHash.Of(context.IdempotencyKey)[..12]}.baton-tmp");

    /// <summary>Renames a finished temporary file into place; a failure when the target exists and may not be replaced.</summary>
    private static TaskResult? Place(FileBinding b, FileRoot root, string temp, string full)
    {
        try
        {
            File.Move(temp, full, b.Overwrite);
            return null;
        }
        catch (IOException) when (!b.Overwrite && File.Exists(full))
        {
            File.Delete(temp);
            return TaskResult.Fail("FileExists", $"'{b.Name}': '{root.Show(full)}' exists and the task does not overwrite.", retryable: false);
        }
    }

    private static TaskResult List(FileBinding b, FileRoot root, string full)
    {
        if (!Directory.Exists(full))
        {
            return TaskResult.Fail("NotFound", $"'{b.Name}': there is no folder '{root.Show(full)}'.", retryable: false);
        }
        var entries = new List<JsonObject>();
        var truncated = false;
        var folders = new Queue<DirectoryInfo>([new DirectoryInfo(full)]);
        while (folders.TryDequeue(out var folder) && !truncated)
        {
            foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var type = entry.LinkTarget is not null ? "link" : entry is DirectoryInfo ? "folder" : "file";
                if (type == "folder" && b.Recursive)
                {
                    folders.Enqueue((DirectoryInfo)entry);
                }
                if (b.Pattern is { } pattern && !System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, entry.Name))
                {
                    continue;
                }
                if (entries.Count == FileBinding.EntryLimit)
                {
                    truncated = true;
                    break;
                }
                entries.Add(new JsonObject
                {
                    ["name"] = entry.Name,
                    ["path"] = root.Show(entry.FullName),
                    ["type"] = type,
                    ["size"] = entry is FileInfo { LinkTarget: null } f ? f.Length : null,
                    ["modified"] = entry.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture),
                });
            }
        }
        return TaskResult.Ok(new JsonObject { ["path"] = root.Show(full), ["entries"] = new JsonArray([.. entries]), ["truncated"] = truncated });
    }

    private static async Task<TaskResult> CopyAsync(FileBinding b, FileRoot root, string from, string to, TaskContext context, CancellationToken ct)
    {
        if (!File.Exists(from))
        {
            return TaskResult.Fail("NotFound", $"'{b.Name}': there is no file '{root.Show(from)}' to copy.", retryable: false);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        var temp = Temporary(to, context);
        var source = File.OpenRead(from);
        await using (source.ConfigureAwait(false))
        {
            var target = File.Create(temp);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, ct).ConfigureAwait(false);
            }
        }
        return Place(b, root, temp, to) ?? TaskResult.Ok(new JsonObject { ["path"] = root.Show(from), ["to"] = root.Show(to), ["size"] = new FileInfo(to).Length });
    }

    private static TaskResult Move(FileBinding b, FileRoot root, string from, string to)
    {
        var done = new JsonObject { ["path"] = root.Show(from), ["to"] = root.Show(to) };
        if (Directory.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            Directory.Move(from, to);
            return TaskResult.Ok(done);
        }
        if (!File.Exists(from))
        {
            // A repeated attempt whose first run moved the file already.
            return Path.Exists(to) ? TaskResult.Ok(done) : TaskResult.Fail("NotFound", $"'{b.Name}': there is no file '{root.Show(from)}' to move.", retryable: false);
        }
        if (!b.Overwrite && Path.Exists(to))
        {
            return TaskResult.Fail("FileExists", $"'{b.Name}': '{root.Show(to)}' exists and the task does not overwrite.", retryable: false);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to, b.Overwrite);
        done["size"] = new FileInfo(to).Length;
        return TaskResult.Ok(done);
    }

    private static TaskResult Delete(FileBinding b, FileRoot root, string full)
    {
        var deleted = true;
        if (Directory.Exists(full))
        {
            if (!b.Recursive && Directory.EnumerateFileSystemEntries(full).Any())
            {
                return TaskResult.Fail("NotEmpty", $"'{b.Name}': the folder '{root.Show(full)}' is not empty and the task does not delete recursively.", retryable: false);
            }
            Directory.Delete(full, b.Recursive);
        }
        else if (File.Exists(full))
        {
            File.Delete(full);
        }
        else
        {
            deleted = false;
        }
        return TaskResult.Ok(new JsonObject { ["path"] = root.Show(full), ["deleted"] = deleted });
    }
}
