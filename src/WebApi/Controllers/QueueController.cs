using FlashPurchase.Application.Queue.EnterQueue;
using FlashPurchase.Application.Queue.ExchangeToken;
using FlashPurchase.Application.Queue.GetChallenge;
using FlashPurchase.Application.Queue.LeaveQueue;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.WebApi.Contracts;
using FlashPurchase.WebApi.Metrics;
using FlashPurchase.WebApi.Problems;
using FlashPurchase.WebApi.RateLimiting;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.Controllers;

[Route("api/queue")]
[Authorize]
[ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, ProblemWriter.ContentType)]
public sealed class QueueController(ISender sender) : ApiControllerBase(sender)
{
    /// <summary>Enter's header carrying a solved bot challenge, "challenge:nonce".</summary>
    public const string ChallengeHeader = "Queue-Challenge";

    /// <summary>Join the queue (step 1)</summary>
    /// <remarks>
    /// Joins the queue of the sale named by saleId, or of the current sale when none is named. 409 queue_paused (with
    /// Retry-After) while an operator has paused it; a shopper already holding a place gets it back even then. When the
    /// sale asks a bot challenge (challengeDifficulty above 0), a newcomer needs the Queue-Challenge header
    /// ("challenge:nonce", see GET /api/queue/challenge); without a valid, unused solution: 428 challenge_required
    /// carrying a fresh challenge, difficulty and expiresAt. A shopper holding a valid place gets it back without one.
    /// The queue token is accepted by the message broker before it is returned; joining again while it is valid returns
    /// the same token and position. Limited per shopper and per client address (429 with Retry-After).
    /// </remarks>
    [HttpGet("enter")]
    [OutcomeStep(FlashPurchaseMetrics.Steps.Enter)]
    [RateLimited(RateLimitedOperation.Enter)]
    [ProducesResponseType<QueueTicket>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status428PreconditionRequired, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable, ProblemWriter.ContentType)]
    public async Task<IActionResult> Enter(
        [FromQuery] Guid? saleId,
        [FromHeader(Name = ChallengeHeader)] string? queueChallenge,
        CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new EnterQueueCommand(CurrentUserId, saleId, queueChallenge), cancellationToken);
        return result.ToActionResult(Ok);
    }

    /// <summary>Get a bot challenge</summary>
    /// <remarks>
    /// A bot challenge for the sale named by saleId (or the current sale), bound to this shopper and sale and valid for
    /// five minutes: find a nonce such that SHA-256 of the UTF-8 of "challenge:nonce" starts with difficulty zero bits,
    /// and send "challenge:nonce" in enter's Queue-Challenge header. Nothing is stored; a solution admits once.
    /// </remarks>
    [HttpGet("challenge")]
    [RateLimited(RateLimitedOperation.Enter)]
    [ProducesResponseType<QueueChallenge>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, ProblemWriter.ContentType)]
    public async Task<IActionResult> Challenge([FromQuery] Guid? saleId, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetChallengeQuery(CurrentUserId, saleId), cancellationToken);
        return result.ToActionResult(Ok);
    }

    /// <summary>Exchange a queue token for a purchase token (step 2)</summary>
    /// <remarks>
    /// Swaps a queue token for its purchase token once the queue worker has converted it (the same purchase token on
    /// every call); until then answers 202 with how many queue tokens are ahead (position) and when to ask again
    /// (retryAfterSeconds, also the Retry-After header), estimated from the worker's measured pace. Limited per shopper
    /// and per client address (429 with Retry-After); polling at the pace of Retry-After is never limited.
    /// </remarks>
    [HttpPost("exchange-qt-for-pt")]
    [OutcomeStep(FlashPurchaseMetrics.Steps.Exchange)]
    [RateLimited(RateLimitedOperation.Exchange)]
    [Consumes("application/json")]
    [ProducesResponseType<PurchaseTokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ExchangePendingResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status400BadRequest, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status403Forbidden, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status410Gone, ProblemWriter.ContentType)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, ProblemWriter.ContentType)]
    public async Task<IActionResult> Exchange(ExchangeTokenRequest request, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new ExchangeTokenCommand(CurrentUserId, request.QueueToken), cancellationToken);
        return result.ToActionResult(outcome => outcome switch
        {
            ExchangeOutcome.Converted converted => Ok(new PurchaseTokenResponse(converted.PurchaseToken, converted.ExpiresAt)),
            ExchangeOutcome.Pending pending => Accepted(new ExchangePendingResponse(
                    ExchangePendingResponse.PendingStatus, pending.Position, pending.RetryAfterSeconds))
                .WithRetryAfter(pending.RetryAfterSeconds),
            _ => throw new InvalidOperationException($"Unknown exchange outcome {outcome}."),
        });
    }

    /// <summary>Leave the queue</summary>
    /// <remarks>
    /// Leaves the queue of the sale named by saleId, or of the current sale when none is named: the shopper's queue
    /// token and purchase token answer 410 token_revoked from then on, and their slot goes to the next shopper in line.
    /// 204 also when the shopper holds no place (idempotent). The shopper may join again, at the back of the queue.
    /// </remarks>
    [HttpDelete("place")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, ProblemWriter.ContentType)]
    public async Task<IActionResult> Leave([FromQuery] Guid? saleId, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new LeaveQueueCommand(CurrentUserId, saleId), cancellationToken);
        return result.ToActionResult(_ => NoContent());
    }
}
