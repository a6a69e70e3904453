using FlashPurchase.TestSupport;
using FlashPurchase.TestSupport.Fulfilment;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.WebApi.FunctionalTests.Events;

/// <summary>
/// The embedded default (SQLite, in-memory transport, everything in the API process) relays its outbox too: a purchase
/// over HTTP yields one OrderPlaced on the bus, which the sample fulfilment (its own copy of the contract, bound by the
/// event's stable name) receives.
/// </summary>
public sealed class OrderPlacedEventTests
{
    [Fact]
    public async Task Purchase_InTheEmbeddedDefault_PublishesOneOrderPlacedOnTheBus()
    {
        await using var app = await EmbeddedApp.StartAsync();
        var log = new FulfilmentLog();
        var bus = app.Factory.Services.GetRequiredService<IBus>();
        var endpoint = bus.ConnectReceiveEndpoint(FulfilmentService.QueueName, e => e.Consumer(() => new FulfilmentConsumer(log)));
        await endpoint.Ready;
        try
        {
            var shopper = await app.Api.NewShopperAsync();

            var order = await shopper.BuyAsync();

            var received = await Eventually.WaitForAsync(() => Task.FromResult(log), l => l.Orders.Count > 0, TimeSpan.FromSeconds(30),
                "the fulfilment to receive the order");
            var placed = received.Orders.Should().ContainSingle().Subject;
            placed.OrderId.Should().Be(order.OrderId);
            placed.UserId.Should().Be(shopper.UserId);
            placed.SaleId.Should().Be(order.SaleId);
            received.MessageIdMismatches.Should().Be(0);
        }
        finally
        {
            await endpoint.StopAsync();
        }
    }
}
