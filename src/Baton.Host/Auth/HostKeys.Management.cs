using System.Text.RegularExpressions;

namespace Baton.Host.Auth;

public sealed partial class HostKeys
{
    /// <summary>Adds or replaces a function key; a null value makes a new random one. Returns the key and whether it is new.</summary>
    /// <exception cref="InvalidKeyException">The name or value is not acceptable.</exception>
    /// <exception cref="KeyLockedException">The key is set by an environment variable.</exception>
    public (string Value, bool Created) SetFunctionKey(string name, string? value)
    {
        if (!KeyName().IsMatch(name) || name == MasterName)
        {
            throw new InvalidKeyException($"'{name}' is not a usable key name: use 1 to 64 letters, digits, '-' and '_', and not '{MasterName}'.");
        }
        if (value is not null && !KeyValue().IsMatch(value))
        {
            throw new InvalidKeyException("A key value needs 16 to 256 characters from letters, digits and '-_.=+/'; omit it to get a random one.");
        }
        if (name == DefaultName && _defaultFromEnvironment)
        {
            throw new KeyLockedException(name, "BATON_FUNCTION_KEY");
        }
        lock (_gate)
        {
            var created = !_current.Functions.ContainsKey(name);
            var next = new Snapshot(_current.Admin, _current.Functions.SetItem(name, value ?? NewKey()));
            Save(next);
            _current = next;
            return (next.Functions[name], created);
        }
    }

    /// <summary>Removes a function key; false when there is no such key.</summary>
    /// <exception cref="KeyLockedException">The key is the default one, which always exists.</exception>
    public bool DeleteFunctionKey(string name)
    {
        if (name == DefaultName)
        {
            throw new KeyLockedException(name, null);
        }
        lock (_gate)
        {
            if (!_current.Functions.ContainsKey(name))
            {
                return false;
            }
            var next = new Snapshot(_current.Admin, _current.Functions.Remove(name));
            Save(next);
            _current = next;
            return true;
        }
    }

    /// <summary>Replaces the master (admin) key with a new random one and returns it; the old one stops working at once.</summary>
    /// <exception cref="KeyLockedException">The master key is set by BATON_ADMIN_KEY.</exception>
    public string RegenerateMasterKey()
    {
        if (_masterFromEnvironment)
        {
            throw new KeyLockedException(MasterName, "BATON_ADMIN_KEY");
        }
        lock (_gate)
        {
            var next = new Snapshot(NewKey(), _current.Functions);
            Save(next);
            _current = next;
            return next.Admin;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex KeyName();

    [GeneratedRegex("^[A-Za-z0-9._=+/-]{16,256}\\z")]
    private static partial Regex KeyValue();
}
