using System.Text;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// Turns exceptions (bugs and infrastructure faults, never expected refusals) into problem documents: a database that
/// is down, restarting or overloaded (<see cref="TransientDatabaseFailure"/>, the Worker's own test) is a 503 to retry;
/// anything else, a refused statement included, a 500 that names nothing internal. Every exception is logged with its
/// stack, whether or not the client is still there to hear the answer.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client should wait before trying again after a 503.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        var path = context.Request.Path;
        var clientGone = context.RequestAborted.IsCancellationRequested;
        if (clientGone && exception is OperationCanceledException)
        {
            // The client went away and the request was cancelled because of it: nothing failed, nobody to answer.
            logger.LogDebug(exception, "The client went away during {Method} {Path}", method, path);
            return true;
        }

        var error = Classify(exception);
        var (status, _) = ErrorStatus.Of(error.Code);
        var level = error.Code == HttpErrorCodes.ServiceUnavailable ? LogLevel.Warning
            : status >= StatusCodes.Status500InternalServerError ? LogLevel.Error
            : LogLevel.Information; // the client's mistake (an unreadable body), not ours
        if (clientGone)
        {
            logger.Log(level, exception, "{Code} ({Status}) for {Method} {Path}; the client has gone, so no answer is written",
                error.Code, status, method, path);
            return true;
        }

        logger.Log(level, exception, "{Code} ({Status}) for {Method} {Path}", error.Code, status, method, path);
        await ProblemWriter.WriteAsync(context, error);
        return true;
    }

    private static Error Classify(Exception exception)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            return badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new Error(HttpErrorCodes.PayloadTooLarge, "The request body is too large.")
                : new Error(ErrorCodes.ValidationFailed, "The request could not be read.");
        }

        // The body's bytes are not text in the charset its Content-Type names (MVC transcodes before the JSON reader,
        // whose own errors are validation errors already): the client's mistake, not ours.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DecoderFallbackException)
            {
                return Error.Validation(new Dictionary<string, string[]>
                {
                    ["body"] = ["The body is not valid text in the charset its Content-Type names."],
                });
            }
        }

        if (TransientDatabaseFailure.Is(exception))
        {
            return new Error(HttpErrorCodes.ServiceUnavailable,
                "The service is briefly unavailable; please try again in a few seconds.")
            {
                RetryAfter = RetryAfter,
            };
        }

        return new Error(HttpErrorCodes.InternalError, "Something went wrong on our side; please try again.");
    }
}
