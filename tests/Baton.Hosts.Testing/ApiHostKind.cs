namespace Baton.Hosts.Testing;

/// <summary>The hosts the API and UI suites run against.</summary>
public enum ApiHostKind
{
    /// <summary><c>baton serve</c> on the embedded hub.</summary>
    Serve,

    /// <summary>The function app on the Durable backend.</summary>
    FunctionApp,

    /// <summary><c>baton serve --backend durable</c>: this process a worker of a Durable task hub on Azurite.</summary>
    ServeDurable,
}
