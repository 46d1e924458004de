using Microsoft.Extensions.Logging;

namespace Baton.Host;

/// <summary>The host's log messages, source-generated with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Server fault serving {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Type} ({Title})")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string type, string title);
}
