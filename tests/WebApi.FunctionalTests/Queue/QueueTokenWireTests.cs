using System.Net;
using System.Text.Json;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using MassTransit;
using MySqlConnector;

namespace FlashPurchase.WebApi.FunctionalTests.Queue;

/// <summary>The real stack with the queue token queue as a quorum queue (one RabbitMQ node), and no Worker until the test starts one.</summary>
public sealed class QuorumQueueIdleWorkerApp() : RealStackApp(new Dictionary<string, string?>(FixtureSettings.Contract)
{
    ["Messaging:QueueTokenQueueType"] = "quorum",
}, startWorker: false);

/// <summary>
/// The queue token message on the wire: the API writes it as raw JSON; a Worker converts it, and converts as well the
/// MassTransit envelope that APIs of earlier versions write (a rolling upgrade), in the same batch. The API and the
/// Worker declare the queue alike: with a quorum queue, a mismatch would be refused by the broker.
/// </summary>
public sealed class QueueTokenWireTests(QuorumQueueIdleWorkerApp app) : IClassFixture<QuorumQueueIdleWorkerApp>
{
    [Fact]
    public async Task OnAQuorumQueue_ARawAndAnEnvelopedQueueToken_BothBecomePurchaseTokens()
    {
        // A place whose message an earlier API wrote: its raw message replaced by the enveloped one.
        var earlier = await app.Api.NewShopperAsync("enveloped");
        var earlierTicket = (await earlier.EnterAsync()).Value;
        await app.Vhost.PurgeAsync(MessagingEndpoints.QueueTokenIssued);
        await PublishEnvelopedAsync(await MessageOfPlaceAsync(earlier));
        var shopper = await app.Api.NewShopperAsync("raw");
        var ticket = (await shopper.EnterAsync()).Value;

        var queue = JsonDocument.Parse(await app.Vhost.GetQueueJsonAsync(MessagingEndpoints.QueueTokenIssued)).RootElement;
        queue.GetProperty("type").GetString().Should().Be("quorum", "the API declared the queue as configured");
        var messages = JsonDocument.Parse(await app.Vhost.PeekMessagesJsonAsync(MessagingEndpoints.QueueTokenIssued, 2)).RootElement;
        var raw = messages.EnumerateArray().Should().ContainSingle(m => ContentType(m) == "application/json").Subject;
        messages.EnumerateArray().Should().ContainSingle(m => ContentType(m) == "application/vnd.masstransit+json");
        JsonDocument.Parse(raw.GetProperty("payload").GetString()!).RootElement.GetProperty("userId").GetGuid()
            .Should().Be(shopper.UserId, "the raw body is the message itself, with no envelope around it");

        // The Worker declares the same quorum queue (a different declaration would fail its start) and converts both.
        await app.StartWorkerAsync();
        foreach (var (who, queueToken) in new[] { (earlier, earlierTicket.QueueToken), (shopper, ticket.QueueToken) })
        {
            var settled = await who.ExchangeUntilSettledAsync(queueToken, TimeSpan.FromSeconds(30));
            settled.Final.Status.Should().Be(HttpStatusCode.OK, "{0}'s queue token became a purchase token: {1}", who.Username, settled.Final);
        }
    }

    private static string? ContentType(JsonElement message) =>
        message.GetProperty("properties").TryGetProperty("content_type", out var type) ? type.GetString() : null;

    private async Task<QueueTokenIssued> MessageOfPlaceAsync(Shopper shopper)
    {
        await using var connection = new MySqlConnection(app.ThrowawayDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT id, sale_id, user_id, position, expires_at FROM queue_places WHERE user_id = @user", connection);
        command.Parameters.AddWithValue("@user", shopper.UserId);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        return new QueueTokenIssued(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3),
            new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)));
    }

    /// <summary>A bus with MassTransit's defaults (the envelope), publishing to the exchange the API's topology bound to the queue.</summary>
    private async Task PublishEnvelopedAsync(QueueTokenIssued message)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(app.Vhost.AmqpUri)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        try
        {
            await bus.Publish(message, timeout.Token);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
