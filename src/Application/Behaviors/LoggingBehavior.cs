using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.Application.Behaviors;

/// <summary>Logs each message's name and how long its handler took, at debug level.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    // Every request passes here: with debug logging off (production), it adds no clock read and no async step.
    public ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) ? HandleTimedAsync(message, next, cancellationToken) : next(message, cancellationToken);

    private async ValueTask<TResponse> HandleTimedAsync(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        logger.LogDebug("{Message} handled in {Elapsed} ms", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }
}
