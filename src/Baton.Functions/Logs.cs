using Microsoft.Extensions.Logging;

namespace Baton.Functions;

/// <summary>The function app's log messages, with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
