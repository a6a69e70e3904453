using FlashPurchase.Application.Accounts.IssueAccessToken;
using FlashPurchase.Application.Accounts.Register;
using FlashPurchase.WebApi.Contracts;
using FlashPurchase.WebApi.Problems;
using FlashPurchase.WebApi.RateLimiting;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/auth")]
[AllowAnonymous]
public sealed class AuthController(ISender sender) : ApiControllerBase(sender)
{
    /// <summary>Create an account</summary>
    /// <remarks>
    /// Creates an account. Limited per client address (429 with Retry-After).
    /// </remarks>
    [HttpPost("register")]
    [Consumes("application/json")]
    [RateLimited(RateLimitedOperation.Accounts)]
    [ProducesResponseType<RegisteredUser>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, ProblemWriter.ContentType)]
    public async Task<IActionResult> Register(CredentialsRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new RegisterCommand(request.Username, request.Password), cancellationToken);
        return result.ToActionResult(user => StatusCode(StatusCodes.Status201Created, user));
    }

    /// <summary>Log in for an access token</summary>
    /// <remarks>
    /// Logs in: trades a username and password for an access token. Limited per client address; failed logins are
    /// throttled per (username, client address) and per client address, and a username failed from many addresses waits
    /// a growing delay between attempts, except from an address its owner logged in from lately (429 with Retry-After,
    /// the same whether the account exists or not).
    /// </remarks>
    [HttpPost("token")]
    [Consumes("application/json")]
    [RateLimited(RateLimitedOperation.Accounts)]
    [ProducesResponseType<IssuedAccessToken>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, ProblemWriter.ContentType)]
    public async Task<IActionResult> IssueToken(CredentialsRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new IssueAccessTokenCommand(request.Username, request.Password, ClientAddress.KeyOf(HttpContext)), cancellationToken);
        return result.ToActionResult(Ok);
    }
}
