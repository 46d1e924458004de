using System.Buffers.Text;
using System.Text;
using Baton.Abstractions;

namespace Baton.Durable;

/// <summary>Baton's continuation tokens over Durable's: the framework's token, base64url-encoded behind a prefix, so a token
/// that did not come from a listing is refused as one rather than handed to the storage provider.</summary>
internal static class PageTokens
{
    private const string Prefix = "d1.";

    /// <summary>The token a client is given for Durable's.</summary>
    public static string Write(string durableToken) => Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(durableToken));

    /// <summary>Durable's token inside one a client gave.</summary>
    /// <exception cref="InvalidContinuationTokenException">The token did not come from a listing.</exception>
    public static string Read(string token)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length > Prefix.Length && Base64Url.IsValid(token.AsSpan(Prefix.Length)))
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
            }
            catch (DecoderFallbackException ex)
            {
                throw new InvalidContinuationTokenException(token, ex);
            }
        }
        throw new InvalidContinuationTokenException(token);
    }
}
