namespace Baton.Runtime.Catalog;

/// <summary>What a <see cref="FileBinding"/> does (<c>operation</c> in the catalog); a workflow cannot change it.</summary>
public enum FileOperation
{
    /// <summary>Reads a file's content.</summary>
    Read,

    /// <summary>Writes a file, atomically, creating the folders on its path.</summary>
    Write,

    /// <summary>Lists a folder's entries.</summary>
    List,

    /// <summary>Copies a file.</summary>
    Copy,

    /// <summary>Moves (renames) a file or folder.</summary>
    Move,

    /// <summary>Deletes a file, or a folder with <c>recursive</c>.</summary>
    Delete,
}
