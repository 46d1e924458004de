namespace Baton.ControlPlane.Auth;

/// <summary>The keys a host checks itself, managed over the Functions host's key routes (<c>/admin/host/keys</c>).</summary>
/// <remarks><c>baton serve</c> keeps them in its keys file; in the function app the Functions host keeps its own and
/// serves those routes itself.</remarks>
public interface IKeyStore
{
    /// <summary>The function keys by name.</summary>
    IReadOnlyDictionary<string, string> FunctionKeys { get; }

    /// <summary>Sets a function key to a value, or to a new random one when <paramref name="value"/> is null; returns it and whether it is new.</summary>
    /// <exception cref="Baton.Abstractions.ProblemException">The name or value is refused, or the key is fixed by the environment.</exception>
    (string Value, bool Created) SetFunctionKey(string name, string? value);

    /// <summary>Deletes a function key; false when there is none.</summary>
    bool DeleteFunctionKey(string name);

    /// <summary>Replaces the admin key with a new random one, which is returned.</summary>
    string RegenerateMasterKey();
}
