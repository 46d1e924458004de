using Microsoft.Extensions.Logging;

namespace Baton.Host;

/// <summary>The host's log messages, source-generated with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Unhandled error serving {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string path);
}
