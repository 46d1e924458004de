namespace Baton.ControlPlane.Routing;

/// <summary>Which hosts serve a route.</summary>
[Flags]
public enum ApiHosts
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>baton serve</c>.</summary>
    Serve = 1,

    /// <summary>The function app.</summary>
    FunctionApp = 2,

    /// <summary>Both hosts.</summary>
    Both = Serve | FunctionApp,
}
