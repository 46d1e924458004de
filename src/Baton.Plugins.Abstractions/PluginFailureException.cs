namespace Baton.Plugins;

/// <summary>Thrown by a plugin to fail an attempt with its own error code, saying whether a retry may help.</summary>
public sealed class PluginFailureException : Exception
{
    /// <summary>Fails the attempt with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public PluginFailureException(string code, string message, bool retryable)
        : base(message)
    {
        Code = code;
        Retryable = retryable;
    }

    /// <summary>Creates a retryable failure with the code <c>PluginFailed</c>.</summary>
    public PluginFailureException()
        : this("PluginFailed", "The plugin failed.", retryable: true)
    {
    }

    /// <summary>Creates a retryable failure with the code <c>PluginFailed</c>.</summary>
    public PluginFailureException(string message)
        : this("PluginFailed", message, retryable: true)
    {
    }

    /// <summary>Creates a retryable failure with the code <c>PluginFailed</c> caused by another exception.</summary>
    public PluginFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "PluginFailed";
        Retryable = true;
    }

    /// <summary>The error code the step records.</summary>
    public string Code { get; }

    /// <summary>Whether the step's retry policy may try again.</summary>
    public bool Retryable { get; }
}
