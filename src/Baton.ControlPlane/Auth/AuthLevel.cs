namespace Baton.ControlPlane.Auth;

/// <summary>Who may call an endpoint, as Azure Functions authorization levels.</summary>
public enum AuthLevel
{
    /// <summary>No key needed (health).</summary>
    Anonymous,
    /// <summary>A function key or the admin key (start, status, events).</summary>
    Function,
    /// <summary>Only the admin (master) key (definitions, purge, keys).</summary>
    Admin,
}
