using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Host.Auth;

/// <summary>The host's function keys and admin (master) key, and the constant-time check of a presented key.</summary>
/// <remarks>Keys come from BATON_ADMIN_KEY / BATON_FUNCTION_KEY when set, else from a keys file beside the store,
/// created with random keys on first start (readable only by its owner). Keys are compared as SHA-256 digests
/// with <see cref="CryptographicOperations.FixedTimeEquals"/>, so timing reveals nothing about them.</remarks>
public sealed class HostKeys
{
    private readonly byte[] _admin;
    private readonly Dictionary<string, byte[]> _function;

    /// <summary>Creates the key set.</summary>
    public HostKeys(string adminKey, IReadOnlyDictionary<string, string> functionKeys)
    {
        AdminKey = adminKey;
        FunctionKeys = functionKeys;
        _admin = Digest(adminKey);
        _function = functionKeys.ToDictionary(p => p.Key, p => Digest(p.Value), StringComparer.Ordinal);
    }

    /// <summary>The admin key.</summary>
    public string AdminKey { get; }

    /// <summary>The function keys by name ("default" first).</summary>
    public IReadOnlyDictionary<string, string> FunctionKeys { get; }

    /// <summary>The level a presented key grants: Admin, Function, or null when it matches nothing.</summary>
    public AuthLevel? LevelOf(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var digest = Digest(presented);
        var isAdmin = CryptographicOperations.FixedTimeEquals(digest, _admin);
        var isFunction = false;
        foreach (var key in _function.Values)
        {
            isFunction |= CryptographicOperations.FixedTimeEquals(digest, key);
        }
        return isAdmin ? AuthLevel.Admin : isFunction ? AuthLevel.Function : null;
    }

    /// <summary>Loads keys from the environment or the keys file, creating the file with new random keys if needed.</summary>
    public static HostKeys LoadOrCreate(string keysFile, IReadOnlyDictionary<string, string?> environment)
    {
        string? admin = environment.GetValueOrDefault("BATON_ADMIN_KEY");
        string? function = environment.GetValueOrDefault("BATON_FUNCTION_KEY");
        if (admin is null || function is null)
        {
            var stored = File.Exists(keysFile) ? JsonNode.Parse(File.ReadAllText(keysFile)) as JsonObject : null;
            admin ??= stored?["masterKey"]?.GetValue<string>();
            function ??= stored?["functionKeys"]?["default"]?.GetValue<string>();
            if (stored is null)
            {
                admin ??= NewKey();
                function ??= NewKey();
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keysFile))!);
                var json = new JsonObject { ["masterKey"] = admin, ["functionKeys"] = new JsonObject { ["default"] = function } };
                File.WriteAllText(keysFile, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }
        if (admin is null || function is null)
        {
            throw new InvalidDataException($"The keys file '{keysFile}' lacks masterKey or functionKeys.default.");
        }
        return new HostKeys(admin, new Dictionary<string, string> { ["default"] = function });
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
