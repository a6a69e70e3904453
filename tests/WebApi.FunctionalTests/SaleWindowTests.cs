using System.Globalization;
using System.Net;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>The sale's window, capacity and stock, each on an embedded app of its own configured for the case.</summary>
public sealed class SaleWindowTests
{
    private static Dictionary<string, string?> Sale(
        DateTimeOffset? opensAt = null, TimeSpan? duration = null, int? stock = null, int? queueCapacity = null)
    {
        var settings = new Dictionary<string, string?>();
        if (opensAt is { } opens)
        {
            settings["FlashSale:OpensAt"] = opens.ToString("O", CultureInfo.InvariantCulture);
        }

        if (duration is { } d)
        {
            settings["FlashSale:Duration"] = d.ToString("c", CultureInfo.InvariantCulture);
        }

        if (stock is { } s)
        {
            settings["FlashSale:Stock"] = s.ToString(CultureInfo.InvariantCulture);
        }

        if (queueCapacity is { } q)
        {
            settings["FlashSale:QueueCapacity"] = q.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    [Fact]
    public async Task ScheduledSale_RefusesWithSaleNotOpenAndOpensAt_ThenOpensOnTime()
    {
        var opensAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(1).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await using var app = await EmbeddedApp.StartAsync(Sale(opensAt: opensAt));
        var shopper = await app.Api.NewShopperAsync();

        var sale = (await app.Api.GetCurrentSaleAsync()).Value;
        sale.Status.Should().Be("scheduled");
        sale.OpensAt.Should().Be(opensAt);

        var refused = await shopper.EnterAsync();
        var problem = refused.ShouldBeProblem(409, "sale_not_open");
        problem.OpensAt.Should().Be(opensAt, "the refusal says when the queue opens");
        refused.JsonBody.ShouldHaveMembers("opensAt");

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        (await app.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("open");
        (await shopper.EnterAsync()).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClosedSale_RefusesWithSaleClosed()
    {
        await using var app = await EmbeddedApp.StartAsync(
            Sale(opensAt: DateTimeOffset.UtcNow.AddHours(-2), duration: TimeSpan.FromHours(1)));
        var shopper = await app.Api.NewShopperAsync();

        (await app.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("closed");
        (await shopper.EnterAsync()).ShouldBeProblem(409, "sale_closed");
    }

    [Fact]
    public async Task OpenSale_ClosesWhenItsDurationHasPassed()
    {
        await using var app = await EmbeddedApp.StartAsync(Sale(duration: TimeSpan.FromMinutes(30)));
        var shopper = await app.Api.NewShopperAsync();
        (await app.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("open");

        app.Clock.Advance(TimeSpan.FromMinutes(31));

        (await app.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("closed");
        (await shopper.EnterAsync()).ShouldBeProblem(409, "sale_closed");
    }

    [Fact]
    public async Task QueueCapacityOfOne_RefusesTheSecondShopperWithQueueFull()
    {
        await using var app = await EmbeddedApp.StartAsync(Sale(queueCapacity: 1));
        var first = await app.Api.NewShopperAsync();
        var second = await app.Api.NewShopperAsync();

        var ticket = (await first.EnterAsync()).Value;
        (await second.EnterAsync()).ShouldBeProblem(409, "queue_full");

        var again = (await first.EnterAsync()).Value;
        again.QueueToken.Should().Be(ticket.QueueToken, "the shopper who holds the place keeps it");
    }

    [Fact]
    public async Task StockOfOne_SellsOnce_ThenEveryStepAnswersSoldOut()
    {
        await using var app = await EmbeddedApp.StartAsync(Sale(stock: 1));
        var buyer = await app.Api.NewShopperAsync("buyer");
        var queued = await app.Api.NewShopperAsync("queued");
        var holder = await app.Api.NewShopperAsync("holder");
        var late = await app.Api.NewShopperAsync("late");

        var buyerTicket = (await buyer.EnterAsync()).Value;
        var queuedTicket = (await queued.EnterAsync()).Value;
        var (_, holderPurchaseToken) = await holder.GetTokensAsync();
        var buyerPurchaseToken = (await buyer.ExchangeUntilSettledAsync(buyerTicket.QueueToken)).Final.Value;

        // Queue and purchase tokens live one hour by default.
        var now = app.Clock.GetUtcNow();
        buyerTicket.ExpiresAt.Should().BeCloseTo(now.AddHours(1), TimeSpan.FromMinutes(1));
        buyerPurchaseToken.ExpiresAt.Should().BeCloseTo(now.AddHours(1), TimeSpan.FromMinutes(1));

        (await buyer.PurchaseAsync(buyerPurchaseToken.PurchaseToken)).Status.Should().Be(HttpStatusCode.Created);

        (await queued.ExchangeAsync(queuedTicket.QueueToken)).ShouldBeProblem(409, "sold_out");
        (await holder.PurchaseAsync(holderPurchaseToken)).ShouldBeProblem(409, "sold_out");
        (await late.EnterAsync()).ShouldBeProblem(409, "sold_out");
        (await buyer.EnterAsync()).ShouldBeProblem(409, "already_purchased");

        var sale = (await app.Api.GetCurrentSaleAsync()).Value;
        sale.Status.Should().Be("sold_out");
        sale.StockRemaining.Should().Be(0);
        sale.StockTotal.Should().Be(1);
        (await app.Database.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(1);
    }
}
