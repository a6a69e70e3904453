using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using FlashPurchase.Domain.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// Turns exceptions (bugs and infrastructure faults, never expected refusals) into problem documents: a database
/// that cannot be reached is a 503 to retry, anything else a 500 that names nothing internal.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return true; // The client has gone; there is nobody to answer.
        }

        var error = Classify(exception);
        if (error.Code == HttpErrorCodes.InternalError)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogWarning("{Code} for {Method} {Path}: {Message}", error.Code, context.Request.Method, context.Request.Path,
                exception.Message);
        }

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

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            // The body's bytes are not text in the charset its Content-Type names (MVC transcodes before the JSON
            // reader, whose own errors are validation errors already): the client's mistake, not ours.
            if (inner is DecoderFallbackException)
            {
                return Error.Validation(new Dictionary<string, string[]>
                {
                    ["body"] = ["The body is not valid text in the charset its Content-Type names."],
                });
            }

            if (inner is DbException or TimeoutException or SocketException)
            {
                return new Error(HttpErrorCodes.ServiceUnavailable,
                    "The service is briefly unavailable; please try again in a few seconds.")
                {
                    RetryAfter = RetryAfter,
                };
            }
        }

        return new Error(HttpErrorCodes.InternalError, "Something went wrong on our side; please try again.");
    }
}
