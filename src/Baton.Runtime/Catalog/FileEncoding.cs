namespace Baton.Runtime.Catalog;

/// <summary>How a <see cref="FileBinding"/> reads or writes content (<c>encoding</c> in the catalog).</summary>
public enum FileEncoding
{
    /// <summary>UTF-8 text: read as a string; written from a string (any other value as its JSON text).</summary>
    Text,

    /// <summary>JSON: read as the value the file holds; written as the value's JSON text.</summary>
    Json,

    /// <summary>Bytes as base64 text, both ways.</summary>
    Base64,
}
