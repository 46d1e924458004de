using System.Security.Cryptography;
using System.Text;

namespace Baton.Abstractions;

/// <summary>The content address of a stored definition: lower-case hex SHA-256 of its UTF-8 text.</summary>
public static class ContentHash
{
    /// <summary>Hashes text.</summary>
    public static string Of(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
