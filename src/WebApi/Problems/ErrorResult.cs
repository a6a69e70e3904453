using FlashPurchase.Domain.Errors;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Problems;

/// <summary>An MVC result that answers an <see cref="Error"/> as a problem document.</summary>
public sealed class ErrorResult(Error error) : IActionResult
{
    public Error Error { get; } = error;

    public Task ExecuteResultAsync(ActionContext context) => ProblemWriter.WriteAsync(context.HttpContext, Error);
}
