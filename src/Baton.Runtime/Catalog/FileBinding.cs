using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Reads, writes, lists, copies, moves or deletes files under one folder the catalog names (<c>runner: file</c>).</summary>
/// <remarks><see cref="Path"/> and <see cref="To"/> are templates over the step's input, read as paths relative to
/// <see cref="Root"/>; a path that is absolute, climbs with <c>..</c>, or passes through a symbolic link below the root
/// fails the attempt for good (<c>PathRefused</c>) before anything is touched. Outputs: read
/// <c>{ path, size, content }</c>; write <c>{ path, size }</c>; list <c>{ path, entries: [ { name, path, type, size,
/// modified } ], truncated }</c>; copy and move <c>{ path, to, size }</c>; delete <c>{ path, deleted }</c>.</remarks>
public sealed record FileBinding(string Name, string Root, FileOperation Operation, Template? Path, Template? To, TemplateTree? Content,
    FileEncoding Encoding, bool Overwrite, bool Recursive, string? Pattern, long MaxBytes, TimeSpan? Timeout) : TaskBinding(Name, Timeout)
{
    /// <summary>The most bytes a read may return (<c>max_bytes</c>; 1 MiB unless the catalog says, 16 MiB at most).</summary>
    public const long ByteLimit = 16L * 1024 * 1024;

    /// <summary>The bytes a read returns at most when the catalog does not say.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>The most entries a list returns; <c>truncated</c> says when there were more.</summary>
    public const int EntryLimit = 10_000;
}
