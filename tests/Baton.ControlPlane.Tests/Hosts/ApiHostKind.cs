namespace Baton.ControlPlane.Tests.Hosts;

/// <summary>The hosts the route suites run against.</summary>
public enum ApiHostKind
{
    /// <summary><c>baton serve</c> on the embedded hub.</summary>
    Serve,

    /// <summary>The function app on the Durable backend.</summary>
    FunctionApp,
}
