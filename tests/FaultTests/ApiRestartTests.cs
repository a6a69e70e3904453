using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Fault 6: the API process is killed (SIGKILL) in the middle of the sale, some purchases in flight, and a new one
/// starts on the same address, database and broker. No queue place, purchase token or order is lost, none is made
/// twice, and shoppers carry on with the tokens they hold: their access tokens, queue tokens and purchase tokens.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class ApiRestartTests(PrivateServices services, ITestOutputHelper output)
{
    [Fact(Timeout = 420_000)]
    public async Task ApiKilledMidSaleAndStartedAgain_NothingIsLost_AndShoppersCarryOnWithTheirTokens()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100);
        var first = await stack.StartApiAsync();
        await stack.StartWorkerAsync();
        var address = first.BaseAddress!;
        using var api = stack.Client(first);

        // Shoppers with accounts made through the API, at every stage of the sale when it dies.
        var shoppers = await Flow.ForEachAsync(Enumerable.Range(0, 50).ToList(), 8, (_, i) => Shoppers.RegisterAsync(api, $"restart{i}"));
        var bought = shoppers[..10];        // bought before
        var buying = shoppers[10..25];      // hold a purchase token, buying as the API dies
        var holding = shoppers[25..40];     // hold a queue token, not exchanged yet
        var latecomers = shoppers[40..];    // not in the queue yet

        var tickets = new Dictionary<Shopper, Answer>();
        foreach (var shopper in bought.Concat(buying).Concat(holding))
        {
            var entered = await api.EnterAsync(shopper);
            entered.Status.Should().Be(200, "{0}", entered);
            tickets[shopper] = entered;
        }

        var purchaseTokens = new Dictionary<Shopper, string>();
        foreach (var shopper in bought.Concat(buying))
        {
            var exchanged = await Flow.ExchangeUntilSettledAsync(api, shopper, tickets[shopper].Text("queueToken"), TimeSpan.FromMinutes(2));
            exchanged.Status.Should().Be(200, "{0}", exchanged);
            purchaseTokens[shopper] = exchanged.Text("purchaseToken");
        }

        var orders = new Dictionary<Shopper, string>();
        foreach (var shopper in bought)
        {
            var purchased = await api.PurchaseAsync(shopper, purchaseTokens[shopper]);
            purchased.Status.Should().Be(201, "{0}", purchased);
            orders[shopper] = purchased.Text("orderId");
        }

        // The holders' tokens are converted while the API still runs: the Worker does not need it.
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), n => n == 40,
            TimeSpan.FromMinutes(1), "the Worker to convert every queue token");

        // One purchase is surely in flight when the API dies: its request line, headers and the first bytes of its body
        // are flushed to the API's socket, and the rest of the body is held back until after the kill.
        var cutOff = buying[0];
        using var stalledBody = new StalledJsonBody(purchaseTokens[cutOff]);
        using var cutOffClient = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
        var cutOffPurchase = SendCutOffPurchaseAsync(cutOffClient, cutOff, stalledBody);
        await stalledBody.FirstBytesSent.WaitAsync(TimeSpan.FromSeconds(30));

        // The other purchases go out one after the other, and the API is killed after the fifth answer: some
        // answered, maybe one more cut off mid-request, the rest find nobody there.
        var answered = 0;
        var killed = new TaskCompletionSource();
        var inFlight = buying[1..].Select((shopper, i) => Task.Run(async () =>
        {
            await Task.Delay(i * 40);
            var answer = await api.PurchaseAsync(shopper, purchaseTokens[shopper]);
            if (answer.IsAnswer && Interlocked.Increment(ref answered) == 5)
            {
                await stack.KillAsync(first);
                killed.TrySetResult();
            }

            return answer;
        })).ToList();
        var otherAnswers = await Task.WhenAll(inFlight);
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(1));
        otherAnswers.Where(a => a.IsAnswer).Should().OnlyContain(a => a.Status == 201, "before the kill, purchases succeed");

        // The cut-off purchase never got an answer: its connection was open and died under it (reset), which a request
        // sent after the kill cannot show (its connection is refused).
        stalledBody.Release();
        var (cutOffAnswer, cutOffFailure) = await cutOffPurchase.WaitAsync(TimeSpan.FromMinutes(1));
        cutOffAnswer.Should().BeNull("the API died before the purchase's body was complete");
        cutOffFailure.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().NotBe(HttpRequestError.ConnectionError,
            "the request was under way on an open connection when the API was killed, not refused: {0}", cutOffFailure);
        var firstAnswers = otherAnswers.Prepend(Answer.None(cutOffFailure!, TimeSpan.Zero)).ToArray();
        stack.Log($"before the kill: {firstAnswers.Count(a => a.IsAnswer)} purchases answered, {firstAnswers.Count(a => !a.IsAnswer)} got no answer " +
            $"(one cut off mid-request: {cutOffFailure!.Message} {cutOffFailure.InnerException?.Message})");

        // Nothing the dead API had committed is lost.
        (await stack.ScalarAsync("SELECT COUNT(*) FROM queue_places")).Should().Be(40);
        (await stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens")).Should().Be(40);
        var ordersAfterKill = await stack.ScalarAsync("SELECT COUNT(*) FROM orders");
        ordersAfterKill.Should().BeGreaterThanOrEqualTo(10 + firstAnswers.Count(a => a.IsAnswer));
        await Invariants.AssertHoldAsync(stack);

        // A new API on the same address: the shoppers' client does not change.
        var second = await stack.StartApiAsync(address.Port);
        second.BaseAddress.Should().Be(address);

        // Buyers from before find their order, and cannot join again.
        foreach (var shopper in bought)
        {
            var mine = await api.MyOrdersAsync(shopper);
            mine.Status.Should().Be(200, "the access token from the first API still works: {0}", mine);
            mine.Json.EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).Should().Equal(orders[shopper]);
            (await api.EnterAsync(shopper)).Code.Should().Be("already_purchased");
        }

        // Buyers cut off retry with the same purchase token: one order each, whether or not the first try got through.
        for (var i = 0; i < buying.Length; i++)
        {
            var retry = await api.PurchaseAsync(buying[i], purchaseTokens[buying[i]]);
            if (firstAnswers[i].IsAnswer)
            {
                retry.Status.Should().Be(200, "a retry of a purchase that went through answers the same order: {0}", retry);
                retry.Text("orderId").Should().Be(firstAnswers[i].Text("orderId"));
            }
            else if (buying[i] == cutOff)
            {
                retry.Status.Should().Be(201, "the purchase cut off before its body was complete placed no order; the retry does: {0}", retry);
                (await api.MyOrdersAsync(cutOff)).Json.EnumerateArray().Select(o => o.GetProperty("orderId").GetString())
                    .Should().Equal([retry.Text("orderId")], "the shopper sees the one order");
            }
            else
            {
                retry.Status.Should().BeOneOf([201, 200], "the purchase goes through once: {0}", retry);
            }
        }

        // Holders keep their place and their queue token, and exchange it with the new API.
        foreach (var shopper in holding)
        {
            var again = await api.EnterAsync(shopper);
            again.Status.Should().Be(200, "{0}", again);
            again.Text("queueToken").Should().Be(tickets[shopper].Text("queueToken"), "the place was not lost");
            again.Number("position").Should().Be(tickets[shopper].Number("position"));
            var exchanged = await api.ExchangeAsync(shopper, tickets[shopper].Text("queueToken"));
            exchanged.Status.Should().Be(200, "{0}", exchanged);
            (await api.PurchaseAsync(shopper, exchanged.Text("purchaseToken"))).Status.Should().Be(201);
        }

        // Latecomers join behind everyone, and buy.
        foreach (var shopper in latecomers)
        {
            var entered = await api.EnterAsync(shopper);
            entered.Status.Should().Be(200, "{0}", entered);
            entered.Number("position").Should().BeGreaterThan(40, "places are never handed out twice");
            var exchanged = await Flow.ExchangeUntilSettledAsync(api, shopper, entered.Text("queueToken"), TimeSpan.FromMinutes(2));
            exchanged.Status.Should().Be(200, "{0}", exchanged);
            (await api.PurchaseAsync(shopper, exchanged.Text("purchaseToken"))).Status.Should().Be(201);
        }

        (await stack.ScalarAsync("SELECT COUNT(*) FROM orders")).Should().Be(shoppers.Length, "every shopper bought exactly once");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);
    }

    /// <summary>A purchase sent through a client of its own, so that its failure is seen as it is (no <see cref="Answer"/> wrapping).</summary>
    private static async Task<(Answer? Answer, Exception? Failure)> SendCutOffPurchaseAsync(HttpClient http, Shopper shopper, StalledJsonBody body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/shop/purchase") { Content = body };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", shopper.AccessToken);
        try
        {
            using var response = await http.SendAsync(request);
            return (Answer.From(response, await response.Content.ReadAsStringAsync(), TimeSpan.Zero), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return (null, e);
        }
    }

    /// <summary>
    /// The purchase's JSON body, sent in two parts (chunked): the first part is written and flushed, with the request's
    /// headers, as soon as the request goes out; the second only after <see cref="Release"/>.
    /// </summary>
    private sealed class StalledJsonBody : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstBytesSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string _json;

        public StalledJsonBody(string purchaseToken)
        {
            _json = System.Text.Json.JsonSerializer.Serialize(new { purchaseToken });
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        public Task FirstBytesSent => _firstBytesSent.Task;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var half = _json.Length / 2;
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(_json[..half]));
            await stream.FlushAsync();
            _firstBytesSent.TrySetResult();
            await _release.Task;
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(_json[half..]));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

