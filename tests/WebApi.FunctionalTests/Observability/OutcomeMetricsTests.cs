using System.Net;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using FlashPurchase.WebApi.FunctionalTests.RateLimiting;
using Steps = FlashPurchase.Infrastructure.Telemetry.FlashPurchaseMetrics.Steps;

namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>
/// <c>flashpurchase_outcomes_total{step, code}</c>: every answer of enter, exchange and purchase counts once under its
/// step and code, the refusals of the use cases, of authentication and of validation alike. One app per test: the
/// counts are exact.
/// </summary>
public sealed class OutcomeMetricsTests
{
    [Fact]
    public async Task TheFlow_CountsOkForEachStep_AndARefusalUnderItsCode()
    {
        await using var app = await EmbeddedApp.StartAsync();
        using var outcomes = new OutcomeRecorder(app.Factory.Services);
        var shopper = await app.Api.NewShopperAsync("outcomes");

        var entered = await shopper.EnterAsync();
        entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
        var exchanged = await shopper.ExchangeUntilSettledAsync(entered.Value.QueueToken);
        exchanged.Final.Status.Should().Be(HttpStatusCode.OK, "{0}", exchanged.Final);
        (await shopper.PurchaseAsync(exchanged.Final.Value.PurchaseToken)).Status.Should().Be(HttpStatusCode.Created);
        (await shopper.PurchaseAsync("not-a-token")).ShouldBeProblem(400, "invalid_token");

        outcomes.Count(Steps.Enter, FlashPurchaseMetrics.SuccessCodes.Ok).Should().Be(1);
        outcomes.Count(Steps.Exchange, FlashPurchaseMetrics.SuccessCodes.Ok).Should().Be(1);
        outcomes.Count(Steps.Exchange, FlashPurchaseMetrics.SuccessCodes.Pending).Should().Be(exchanged.Pending.Count);
        outcomes.Count(Steps.Purchase, FlashPurchaseMetrics.SuccessCodes.Ok).Should().Be(1);
        outcomes.Count(Steps.Purchase, "invalid_token").Should().Be(1);
    }

    [Fact]
    public async Task Refusals_BeforeTheUseCase_CountUnderTheirCodes()
    {
        await using var app = await EmbeddedApp.StartAsync();
        using var outcomes = new OutcomeRecorder(app.Factory.Services);
        var shopper = await app.Api.NewShopperAsync("refused");

        // Authentication refuses before MVC; the model binder before the handler; the handler after its reads.
        (await app.Api.EnterAsync(accessToken: null)).ShouldBeProblem(401, "unauthorized");
        (await app.Api.SendRawAsync(HttpMethod.Post, "/api/queue/exchange-qt-for-pt",
            new StringContent("{", System.Text.Encoding.UTF8, "application/json"), shopper.AccessToken))
            .ShouldBeProblem(400, "validation_failed");
        (await shopper.EnterAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");

        outcomes.Count(Steps.Enter, "unauthorized").Should().Be(1);
        outcomes.Count(Steps.Exchange, "validation_failed").Should().Be(1);
        outcomes.Count(Steps.Enter, "not_found").Should().Be(1);
        outcomes.Count(Steps.Enter, FlashPurchaseMetrics.SuccessCodes.Ok).Should().Be(0);
    }

    [Fact]
    public async Task ARateLimitedJoin_CountsEnterRateLimited()
    {
        // The limiter refuses before the action runs: the refusal is counted where its problem is written.
        await using var app = await EmbeddedApp.StartAsync(RateLimitSettings.With(("Enter", 1, 1, TimeSpan.FromMinutes(1))));
        using var outcomes = new OutcomeRecorder(app.Factory.Services);
        var shopper = await app.Api.NewShopperAsync("limited");

        (await shopper.EnterAsync()).Status.Should().Be(HttpStatusCode.OK);
        (await shopper.EnterAsync()).ShouldBeRateLimited(60);

        outcomes.Count(Steps.Enter, FlashPurchaseMetrics.SuccessCodes.Ok).Should().Be(1);
        outcomes.Count(Steps.Enter, "rate_limited").Should().Be(1);
    }
}
