using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Application.Behaviors;

/// <summary>Logs each message's name and how long its handler took, at debug level.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("{Message} handled in {Elapsed} ms", typeof(TMessage).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }
}
