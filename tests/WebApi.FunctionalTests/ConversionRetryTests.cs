using System.Net;
using System.Text.Json;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The broker confirms a queue token's message before the API commits its place, so the Worker can receive a message
/// whose place it cannot see yet. It must not convert it then, and must convert it once the place is there: the batch
/// is retried, not dropped and not sent to the error queue.
/// </summary>
public sealed class ConversionRetryTests(RealStackIdleWorkerApp app) : IClassFixture<RealStackIdleWorkerApp>
{
    [Fact]
    public async Task Worker_GivenAMessageWhosePlaceIsNotStoredYet_ConvertsNothingUntilThePlaceAppears()
    {
        app.WorkerIsRunning.Should().BeFalse();
        var shopper = await app.Api.NewShopperAsync("early-message");
        var ticket = (await shopper.EnterAsync()).Value;
        var placeId = QueueTokenId(ticket.QueueToken);
        var table = $"parked_{Guid.NewGuid():N}";

        // The message is in the broker; take the place away as if its transaction had not committed yet.
        await app.Database.ScalarAsync($"CREATE TABLE {table} AS SELECT * FROM queue_places WHERE id = '{placeId}'");
        await app.Database.ScalarAsync($"DELETE FROM queue_places WHERE id = '{placeId}'");
        await app.StartWorkerAsync();

        // The Worker takes the message and tries: its first delivery and at least one retry each find no place and
        // convert nothing (the retries come after 100 ms, 500 ms, 1 s...). Watched, not slept on.
        var tries = await WaitForAsync(() => app.WorkerConversions.Of(placeId), seen => seen.Count >= 2, TimeSpan.FromSeconds(15),
            "the Worker to try the batch with this queue token twice");
        tries.Should().OnlyContain(c => c.Report != null && c.Report.NotStored.Contains(placeId) && c.Report.Created.Count == 0,
            "every try finds the place missing and creates no purchase token");

        (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE queue_token_id = '{placeId}'"))
            .Should().Be(0, "no purchase token for a queue token whose place is not stored");

        await app.Database.ScalarAsync($"INSERT INTO queue_places SELECT * FROM {table}");
        var settled = await shopper.ExchangeUntilSettledAsync(ticket.QueueToken, TimeSpan.FromSeconds(30));

        settled.Final.Status.Should().Be(HttpStatusCode.OK, "the retried batch converts the token once its place exists: {0}", settled.Final);
        (await app.Database.ScalarAsync($"SELECT COUNT(*) FROM purchase_tokens WHERE queue_token_id = '{placeId}'")).Should().Be(1);
        app.WorkerConversions.Of(placeId)[^1].Report!.Created.Should().Equal([placeId], "a retry of the same message made the purchase token");
    }

    private static async Task<T> WaitForAsync<T>(Func<T> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static Guid QueueTokenId(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        return claims.RootElement.GetProperty("jti").GetGuid();
    }
}
