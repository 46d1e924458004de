using Baton.ControlPlane.Auth;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Host.Auth;

/// <summary>The host's function keys and admin (master) key, the constant-time check of a presented key, and their management.</summary>
/// <remarks>Keys come from BATON_ADMIN_KEY / BATON_FUNCTION_KEY (the master key and the function key named
/// <c>default</c>) when set, else from a keys file beside the store, created with random keys on first start and
/// readable only by its owner. More function keys can be added, replaced and removed; the file is rewritten
/// atomically on each change. A key set by an environment variable cannot be changed here. Keys are compared as
/// SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so timing reveals nothing.</remarks>
public sealed partial class HostKeys : ControlPlane.Auth.IKeyStore
{
    /// <summary>The name the master (admin) key goes by in the key management API.</summary>
    public const string MasterName = "_master";

    /// <summary>The name of the function key BATON_FUNCTION_KEY sets.</summary>
    public const string DefaultName = "default";

    private readonly object _gate = new();
    private readonly string? _file;
    private readonly bool _masterFromEnvironment;
    private readonly bool _defaultFromEnvironment;
    private Snapshot _current;

    /// <summary>Creates a key set that lives only in memory.</summary>
    public HostKeys(string adminKey, IReadOnlyDictionary<string, string> functionKeys)
        : this(adminKey, functionKeys, null, false, false)
    {
    }

    private HostKeys(string adminKey, IReadOnlyDictionary<string, string> functionKeys, string? file, bool masterFromEnvironment, bool defaultFromEnvironment)
    {
        _file = file;
        _masterFromEnvironment = masterFromEnvironment;
        _defaultFromEnvironment = defaultFromEnvironment;
        _current = new Snapshot(adminKey, functionKeys.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>The admin key.</summary>
    public string AdminKey => _current.Admin;

    /// <summary>The function keys by name.</summary>
    public IReadOnlyDictionary<string, string> FunctionKeys => _current.Functions;

    /// <summary>The level a presented key grants: Admin, Function, or null when it matches nothing.</summary>
    public AuthLevel? LevelOf(string? presented) => Identify(presented).Level;

    /// <summary>The level a presented key grants and its name (<see cref="MasterName"/> for the admin key, else the function
    /// key's name), both null when it matches nothing; the name is for the audit log, which records who acted and never the key.</summary>
    /// <remarks>Compares against every key in constant time whatever matches.</remarks>
    public (AuthLevel? Level, string? Name) Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return (null, null);
        }
        var snapshot = _current;
        var digest = Digest(presented);
        var isAdmin = CryptographicOperations.FixedTimeEquals(digest, snapshot.AdminDigest);
        string? function = null;
        foreach (var (name, key) in snapshot.Functions.Keys.Zip(snapshot.FunctionDigests))
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key))
            {
                function ??= name;
            }
        }
        return isAdmin ? (AuthLevel.Admin, MasterName) : function is not null ? (AuthLevel.Function, function) : (null, null);
    }

    /// <summary>Loads keys from the environment or the keys file, creating the file with new random keys if needed.</summary>
    public static HostKeys LoadOrCreate(string keysFile, IReadOnlyDictionary<string, string?> environment)
    {
        var envAdmin = environment.GetValueOrDefault("BATON_ADMIN_KEY") is { Length: > 0 } a ? a : null;
        var envFunction = environment.GetValueOrDefault("BATON_FUNCTION_KEY") is { Length: > 0 } f ? f : null;
        var stored = File.Exists(keysFile) ? JsonNode.Parse(File.ReadAllText(keysFile)) as JsonObject : null;
        var functions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in stored?["functionKeys"] as JsonObject ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                functions[name] = v.GetValue<string>();
            }
        }
        var admin = envAdmin ?? stored?["masterKey"]?.GetValue<string>();
        if (stored is not null && (admin is null || !functions.ContainsKey(DefaultName) && envFunction is null))
        {
            throw new InvalidDataException($"The keys file '{keysFile}' lacks masterKey or functionKeys.default.");
        }
        admin ??= NewKey();
        if (envFunction is not null)
        {
            functions[DefaultName] = envFunction;
        }
        else if (!functions.ContainsKey(DefaultName))
        {
            functions[DefaultName] = NewKey();
        }
        var keys = new HostKeys(admin, functions, keysFile, envAdmin is not null, envFunction is not null);
        if (stored is null && (envAdmin is null || envFunction is null))
        {
            keys.Save(keys._current);
        }
        return keys;
    }

    private void Save(Snapshot snapshot)
    {
        if (_file is null)
        {
            return;
        }
        // Keys set by the environment are not written down: the file keeps only what it owns.
        var functions = new JsonObject();
        foreach (var (name, value) in snapshot.Functions)
        {
            if (!(name == DefaultName && _defaultFromEnvironment))
            {
                functions[name] = value;
            }
        }
        var json = new JsonObject { ["functionKeys"] = functions };
        if (!_masterFromEnvironment)
        {
            json["masterKey"] = snapshot.Admin;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
        var temp = _file + ".tmp";
        File.WriteAllText(temp, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, _file, overwrite: true);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>One consistent set of keys with their digests; replaced whole on every change.</summary>
    private sealed class Snapshot(string admin, ImmutableSortedDictionary<string, string> functions)
    {
        public string Admin { get; } = admin;

        public ImmutableSortedDictionary<string, string> Functions { get; } = functions;

        public byte[] AdminDigest { get; } = Digest(admin);

        public ImmutableArray<byte[]> FunctionDigests { get; } = [.. functions.Values.Select(Digest)];
    }
}
