namespace Baton.Runtime.Data;

/// <summary>Thrown when the storage account (or Azurite) cannot be reached; the message says how to start or configure it.</summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public StorageUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public StorageUnavailableException() : this("Azure Storage cannot be reached.")
    {
    }

    /// <summary>The exception for an endpoint that did not answer.</summary>
    public static StorageUnavailableException For(Uri endpoint, Exception cause) => new(
        $"Azure Storage at {endpoint.GetLeftPart(UriPartial.Authority)} cannot be reached ({Innermost(cause).Message.Split('\n')[0]}). " +
        "Locally, start Azurite: `bash eng/azurite/start.sh` (it prints the connection string); in Azure, check AzureWebJobsStorage " +
        "(or AzureWebJobsStorage__accountName with a managed identity).", cause);

    private static Exception Innermost(Exception e)
    {
        var next = e is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[0] : e.InnerException;
        return next is null ? e : Innermost(next);
    }
}
