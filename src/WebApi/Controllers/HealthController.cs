using FlashPurchase.Domain.Errors;
using FlashPurchase.Infrastructure.Health;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashPurchase.WebApi.Controllers;

/// <summary>
/// Liveness and readiness probes. A controller rather than MapHealthChecks so that the OpenAPI document describes
/// them too; they ask the health check service directly (no use case behind them, so no mediator).
/// </summary>
[ApiController]
[Route("health")]
[AllowAnonymous]
[Produces("application/json")]
public sealed class HealthController(HealthCheckService health, IHostApplicationLifetime lifetime) : ControllerBase
{
    /// <summary>Liveness probe</summary>
    /// <remarks>
    /// The process is up and answering.
    /// </remarks>
    [HttpGet("live")]
    [ProducesResponseType<HealthStatusResponse>(StatusCodes.Status200OK)]
    public IActionResult Live() => Ok(new HealthStatusResponse(nameof(HealthStatus.Healthy), new Dictionary<string, string>()));

    /// <summary>Readiness probe</summary>
    /// <remarks>
    /// The database and the message broker can be reached; 503 names the ones that cannot, or says that this instance
    /// is shutting down (from the moment a stop begins, so that a load balancer sends it no more traffic).
    /// </remarks>
    [HttpGet("ready")]
    [ProducesResponseType<HealthStatusResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status503ServiceUnavailable, ProblemWriter.ContentType)]
    public async Task<IActionResult> Ready(CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return new ErrorResult(new Error(HttpErrorCodes.ServiceUnavailable, "Not ready: this instance is shutting down."));
        }

        var report = await health.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready), cancellationToken);
        if (report.Status == HealthStatus.Healthy)
        {
            return Ok(new HealthStatusResponse(
                report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString())));
        }

        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key);
        return new ErrorResult(new Error(HttpErrorCodes.ServiceUnavailable, $"Not ready: {string.Join(", ", failing)} cannot be reached."));
    }
}

/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each readiness check by name (database; broker and masstransit-bus on RabbitMQ, masstransit-bus alone in memory) and its status.</param>
public sealed record HealthStatusResponse(string Status, IReadOnlyDictionary<string, string> Checks);
