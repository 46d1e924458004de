using Baton.ControlPlane.Auth;
using System.Text.Json.Nodes;
using Baton.Host.Auth;
using Baton.Testing;

namespace Baton.Host.Tests.Auth;

public sealed class HostKeysTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnv = [];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string KeysFile => _dir.File("host.keys.json");

    [Fact]
    public void LoadOrCreate_NoFileNoEnvironment_CreatesOwnerOnlyFileWithRandomKeys()
    {
        var keys = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeysFile));
        }
        Assert.True(keys.AdminKey.Length >= 40);
        Assert.Equal(AuthLevel.Admin, keys.LevelOf(keys.AdminKey));
        Assert.Equal(AuthLevel.Function, keys.LevelOf(keys.FunctionKeys[HostKeys.DefaultName]));
        Assert.Null(keys.LevelOf("guess"));
        var again = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        Assert.Equal(keys.AdminKey, again.AdminKey);
    }

    [Fact]
    public void SetAndDeleteFunctionKey_TakeEffectAtOnceAndSurviveReload()
    {
        var keys = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        var (value, created) = keys.SetFunctionKey("ci", null);
        Assert.True(created);
        Assert.Equal(AuthLevel.Function, keys.LevelOf(value));
        Assert.Equal(("chosen-value-0123456789", false), keys.SetFunctionKey("ci", "chosen-value-0123456789"));
        Assert.Null(keys.LevelOf(value));
        Assert.Equal(AuthLevel.Function, HostKeys.LoadOrCreate(KeysFile, NoEnv).LevelOf("chosen-value-0123456789"));

        Assert.True(keys.DeleteFunctionKey("ci"));
        Assert.False(keys.DeleteFunctionKey("ci"));
        Assert.Null(keys.LevelOf("chosen-value-0123456789"));
        Assert.Null(HostKeys.LoadOrCreate(KeysFile, NoEnv).LevelOf("chosen-value-0123456789"));
    }

    [Fact]
    public void RegenerateMasterKey_OldKeyStopsWorking()
    {
        var keys = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        var old = keys.AdminKey;
        var fresh = keys.RegenerateMasterKey();
        Assert.Null(keys.LevelOf(old));
        Assert.Equal(AuthLevel.Admin, keys.LevelOf(fresh));
        Assert.Equal(fresh, HostKeys.LoadOrCreate(KeysFile, NoEnv).AdminKey);
    }

    [Fact]
    public void KeysFromEnvironment_AreLockedAndNeverWrittenToTheFile()
    {
        var env = new Dictionary<string, string?> { ["BATON_ADMIN_KEY"] = "env-admin-key-0123456789", ["BATON_FUNCTION_KEY"] = "env-function-key-0123456789" };
        var keys = HostKeys.LoadOrCreate(KeysFile, env);
        Assert.Throws<KeyLockedException>(() => keys.RegenerateMasterKey());
        Assert.Throws<KeyLockedException>(() => keys.SetFunctionKey(HostKeys.DefaultName, null));
        keys.SetFunctionKey("extra", "extra-key-0123456789");
        var text = File.ReadAllText(KeysFile);
        Assert.DoesNotContain("env-admin-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("env-function-key", text, StringComparison.Ordinal);
        Assert.Equal("extra-key-0123456789", JsonNode.Parse(text)!["functionKeys"]!["extra"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("has space", null)]
    [InlineData("_master", null)]
    [InlineData("ok", "short")]
    [InlineData("ok", "has a space in it 0123456789")]
    public void SetFunctionKey_BadNameOrValue_IsRefused(string name, string? value)
    {
        var keys = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        Assert.Throws<InvalidKeyException>(() => keys.SetFunctionKey(name, value));
        Assert.Single(keys.FunctionKeys);
    }

    [Fact]
    public void DeleteFunctionKey_Default_IsRefused()
    {
        var keys = HostKeys.LoadOrCreate(KeysFile, NoEnv);
        Assert.Throws<KeyLockedException>(() => keys.DeleteFunctionKey(HostKeys.DefaultName));
    }
}
