using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The API on the RabbitMQ transport with no broker to reach (nothing listens on the port): joining the queue must
/// fail fast and honestly, handing out no queue token, and readiness must say so.
/// </summary>
public sealed class BrokerOutageTests
{
    private static readonly Dictionary<string, string?> NoBroker = new()
    {
        ["Messaging:Transport"] = "RabbitMq",
        ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
        ["Messaging:PublishTimeout"] = "00:00:01",
    };

    [Fact]
    public async Task Enter_WhenTheBrokerCannotTakeTheToken_AnswersQueueUnavailableAndHandsOutNoToken()
    {
        await using var app = await EmbeddedApp.StartAsync(NoBroker);
        var shopper = await app.Api.NewShopperAsync();

        var refused = await shopper.EnterAsync();

        var problem = refused.ShouldBeProblem(503, "queue_unavailable");
        refused.RetryAfterSeconds.Should().BeGreaterThanOrEqualTo(1, "a 503 says when to try again: {0}", refused);
        problem.RetryAfterSeconds.Should().Be(refused.RetryAfterSeconds);
        (await app.Database.ScalarAsync("SELECT COUNT(*) FROM queue_places")).Should().Be(0, "no queue token was handed out");
        (await app.Database.ScalarAsync("SELECT queue_length FROM sales")).Should().Be(0, "the place was given back");

        (await app.Api.SendRawAsync(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(200);
        var ready = await app.Api.SendRawAsync(HttpMethod.Get, "/health/ready");
        ready.ShouldBeProblem(503, "service_unavailable").Detail.Should().Contain("masstransit-bus").And.NotContain("database");
    }
}
