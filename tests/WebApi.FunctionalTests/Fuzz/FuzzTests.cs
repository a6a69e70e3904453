using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using FlashPurchase.WebApi.FunctionalTests.Client;
using Xunit.Abstractions;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>
/// Thousands of generated requests (random and mutated JSON, wrong types, huge bodies, unicode, wrong media types,
/// mutated and forged tokens, odd routes and methods) at every endpoint of the contract on the real stack, while
/// legitimate shoppers buy concurrently. The operator's calls (create, edit, pause, resume, close) are fuzzed too, on
/// sales set up for them (see <see cref="FuzzSales"/>), so that the sale the shoppers buy from keeps its meaning. Every
/// answer must be a documented one (no 5xx, a problem document with a code of the contract and of that endpoint,
/// nothing internal), the legitimate shoppers must all get a definitive answer, and afterwards the database must keep
/// the sales' invariants.
/// <para>
/// The seed is printed and given in the failure message; <c>FLASHPURCHASE_FUZZ_SEED=n</c> replays a run and
/// <c>FLASHPURCHASE_FUZZ_REQUESTS=n</c> changes its length (5,000 by default).
/// </para>
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests(FuzzApp app, ITestOutputHelper output) : IClassFixture<FuzzApp>
{
    private const int Concurrency = 8;
    private const int LegitimateShoppers = 30;
    private const int FailuresShown = 12;

    private enum Step
    {
        Enter,
        Exchange,
        Purchase,
    }

    private sealed record LegitimateOutcome(Shopper Shopper, Step Step, ApiResponse Final, IReadOnlyList<ApiResponse> Answers);

    [Fact]
    public async Task GeneratedBadInput_AtEveryEndpoint_AnswersDocumentedProblems_AndKeepsTheSaleInvariants()
    {
        var seed = FuzzSettings.Seed();
        var count = FuzzSettings.Requests();
        var replay = $"{FuzzSettings.SeedVariable}={seed}";
        output.WriteLine($"fuzz seed {seed} ({replay} replays it), {count} requests, {Concurrency} at a time");

        var pool = await PreparePoolAsync();
        var legitimate = await RegisterAsync(LegitimateShoppers, "legit");
        var generator = new RequestGenerator(pool);
        using var http = CreateClient();

        var failures = new ConcurrentQueue<(int Index, string Report)>();
        var byCategory = new ConcurrentDictionary<string, int>();
        var byAnswer = new ConcurrentDictionary<string, int>();
        var withExpectation = 0;
        var ordersPlaced = new ConcurrentBag<string>();
        var salesCreated = new ConcurrentBag<string>();
        var next = -1;

        var clock = Stopwatch.StartNew();
        var buying = BuyWhileFuzzingAsync(legitimate, () => Volatile.Read(ref next), count);
        var senders = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                FuzzRequest request;
                try
                {
                    request = generator.Generate(index, new Random(FuzzSettings.RequestSeed(seed, index)));
                }
                catch (Exception e)
                {
                    failures.Enqueue((index, $"#{index}: the generator failed: {e}"));
                    continue;
                }

                if (request.Expect is not null)
                {
                    Interlocked.Increment(ref withExpectation);
                }

                var response = await SendAsync(http, request);
                byCategory.AddOrUpdate(request.Category, 1, (_, n) => n + 1);
                byAnswer.AddOrUpdate(response.TransportError is null ? $"{response.Status} {response.Code}".Trim() : "no answer", 1,
                    (_, n) => n + 1);
                if (response.Status == 201 && response.Headers.FirstOrDefault(h => h.Key == "Location").Value is { } location
                    && location.StartsWith("/api/orders/", StringComparison.Ordinal))
                {
                    ordersPlaced.Add(location);
                }

                if (response.Status == 201 && response.Headers.FirstOrDefault(h => h.Key == "Location").Value is { } created
                    && created.StartsWith("/api/sales/", StringComparison.Ordinal))
                {
                    salesCreated.Add(created);
                }

                if (ResponseJudge.Judge(request, response) is { } verdict)
                {
                    failures.Enqueue((index, $"{verdict}\n{request.Describe()}{response.Describe()}"));
                }
            }
        })).ToList();

        await Task.WhenAll(senders);
        var fuzzTime = clock.Elapsed;
        var outcomes = await buying;
        output.WriteLine($"{count} fuzz requests in {fuzzTime.TotalSeconds:F1} s ({count / fuzzTime.TotalSeconds:F0}/s); " +
            $"with the legitimate shoppers {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("by category: " + string.Join(", ", byCategory.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine($"{withExpectation} requests had an exact expected answer; the others the general rules only");
        output.WriteLine("by answer:   " + string.Join(", ", byAnswer.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}")));
        output.WriteLine($"sales created by the fuzz: {salesCreated.Count}; orders placed by the fuzz: {ordersPlaced.Count}; legitimate shoppers: " +
            string.Join(", ", outcomes.GroupBy(o => $"{o.Step} {o.Final.StatusCode} {o.Final.Problem?.Code}".Trim())
                .Select(g => $"{g.Key} x{g.Count()}")));

        AssertEveryCategoryWasCovered(byCategory, count, replay);

        if (!failures.IsEmpty)
        {
            var shown = failures.OrderBy(f => f.Index).Take(FailuresShown).Select(f => f.Report);
            var message = $"{failures.Count} of {count} fuzz answers broke the rules (seed {seed}; replay with {replay}). " +
                $"The first {Math.Min(FailuresShown, failures.Count)}:\n\n" + string.Join("\n", shown);
            output.WriteLine(message);
            Assert.Fail(message);
        }

        AssertLegitimateShoppersWereAnswered(outcomes, replay);
        await AssertInvariantsAsync(pool.Sales, outcomes, ordersPlaced.Count, salesCreated.Count, replay);
    }

    /// <summary>
    /// Each category of the mix was sent at least <see cref="MinimumCount"/> times, and nothing outside the mix: a
    /// generator change that starves a category (or a category that fails to generate) fails here rather than leaving
    /// that kind of bad input quietly untested.
    /// </summary>
    private static void AssertEveryCategoryWasCovered(IReadOnlyDictionary<string, int> byCategory, int count, string replay)
    {
        byCategory.Keys.Should().BeSubsetOf(RequestGenerator.Mix.Select(m => m.Category), "every request belongs to a category of the mix");
        foreach (var (category, percent) in RequestGenerator.Mix)
        {
            byCategory.GetValueOrDefault(category).Should().BeGreaterThanOrEqualTo(MinimumCount(count, percent),
                "the mix gives '{0}' {1} % of {2} requests ({3})", category, percent, count, replay);
        }
    }

    /// <summary>
    /// The fewest requests of a category with <paramref name="percent"/> % of the mix that a run of
    /// <paramref name="requests"/> may send: the binomial mean less five standard deviations (a fair generator falls
    /// below it about once in three million runs per category). With the default 5,000 requests, at least 50 of the
    /// smallest category (2 %, 'huge') and 764 of the largest (18 %, 'json' and 'auth'); zero for runs too short to say.
    /// </summary>
    private static int MinimumCount(int requests, int percent)
    {
        var share = percent / 100.0;
        var mean = requests * share;
        return Math.Max(0, (int)Math.Floor(mean - (5 * Math.Sqrt(mean * (1 - share)))));
    }

    /// <summary>
    /// The shoppers the fuzz signs in as, with the real tokens the mutations start from: two hold a queue token and a
    /// purchase token, one only a queue token, one nothing yet. And the operator, with the sales it may act on.
    /// </summary>
    private async Task<TokenPool> PreparePoolAsync()
    {
        var sale = (await app.Api.GetCurrentSaleAsync()).Value;
        var login = await app.Api.LoginAsync(FuzzApp.OperatorUsername, FuzzApp.OperatorPassword);
        var operatorToken = login.Value.AccessToken;
        TokenMutator.HasAdminRole(operatorToken).Should().BeTrue("the configured operator's access token carries the admin role");
        var @operator = new FuzzShopper(Guid.Parse(TokenForge.Payload(operatorToken)["sub"]!.GetValue<string>()),
            FuzzApp.OperatorUsername, FuzzApp.OperatorPassword, operatorToken, null, null);
        var sales = await PrepareSalesAsync(operatorToken, sale);

        var shoppers = await RegisterAsync(4, "fuzzer");
        var prepared = await Task.WhenAll(shoppers.Select(async (shopper, i) =>
        {
            string? queueToken = null, purchaseToken = null;
            if (i < 2)
            {
                (queueToken, purchaseToken) = await shopper.GetTokensAsync();
            }
            else if (i == 2)
            {
                queueToken = (await shopper.EnterAsync()).Value.QueueToken;
            }

            return new FuzzShopper(shopper.UserId, shopper.Username, shopper.Password, shopper.AccessToken, queueToken, purchaseToken);
        }));
        return new TokenPool(app.SigningKey, app.PurchaseSigningKey, sales, DateTimeOffset.UtcNow, prepared, @operator);
    }

    /// <summary>
    /// The sales of <see cref="FuzzSales"/> besides the default one: the second (open, two orders of three units), the
    /// paused one (open), three editable and two closable ones (scheduled days ahead). The open ones close two days
    /// after the default sale, which thus stays the current one.
    /// </summary>
    private async Task<FuzzSales> PrepareSalesAsync(string operatorToken, SaleBody sale)
    {
        var now = app.Clock.GetUtcNow();
        async Task<Guid> CreateAsync(string name, DateTimeOffset opensAt, int stock)
        {
            var body = new { productName = name, price = 10.00m, currency = "EUR", stock, opensAt, duration = "3.00:00:00" };
            var created = await app.Api.SendRawAsync(HttpMethod.Post, "/api/admin/sales", JsonContent.Create(body, options: ApiResponse.Json),
                operatorToken);
            created.StatusCode.Should().Be(201, "the operator creates the fuzz's sales: {0}", created);
            return created.JsonBody.GetProperty("saleId").GetGuid();
        }

        var second = await CreateAsync("Fuzz second sale", now.AddMinutes(-1), 3);
        var paused = await CreateAsync("Fuzz paused sale", now.AddMinutes(-1), 5);
        var editable = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => CreateAsync($"Fuzz editable sale {i}", now.AddDays(5 + i), 10)));
        var closable = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => CreateAsync($"Fuzz closable sale {i}", now.AddDays(8 + i), 10)));

        var pause = await app.Api.SendRawAsync(HttpMethod.Post, $"/api/admin/sales/{paused}/pause", null, operatorToken);
        pause.StatusCode.Should().Be(200, "the operator pauses a sale: {0}", pause);

        await Task.WhenAll((await RegisterAsync(2, "second")).Select(async buyer =>
        {
            var entered = await app.Api.SendRawAsync(HttpMethod.Get, $"/api/queue/enter?saleId={second}", null, buyer.AccessToken);
            entered.StatusCode.Should().Be(200, "a shopper joins the second sale: {0}", entered);
            var exchanged = await buyer.ExchangeUntilSettledAsync(entered.As<QueueTicketBody>().QueueToken, TimeSpan.FromMinutes(1));
            var purchased = await buyer.PurchaseAsync(exchanged.Final.Value.PurchaseToken);
            purchased.StatusCode.Should().Be(201, "a shopper buys in the second sale: {0}", purchased);
        }));

        (await app.Api.GetCurrentSaleAsync()).Value.SaleId.Should().Be(sale.SaleId, "the fuzz's other sales close after the default one");
        return new FuzzSales(new SaleFacts(sale.SaleId, sale.ProductName, sale.Price, sale.Currency, sale.OpensAt, sale.ClosesAt), second, paused, editable, closable);
    }

    private async Task<Shopper[]> RegisterAsync(int count, string prefix)
    {
        using var registering = new SemaphoreSlim(8);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await registering.WaitAsync();
            try
            {
                return await app.Api.NewShopperAsync(prefix);
            }
            finally
            {
                registering.Release();
            }
        }));
    }

    /// <summary>A client that sends what it is given: UTF-8 header values, no redirects followed, no retries.</summary>
    private HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = Concurrency,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = app.Api.Http.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<FuzzResponse> SendAsync(HttpClient http, FuzzRequest request)
    {
        try
        {
            using var message = request.ToMessage(http.BaseAddress!);
            using var response = await http.SendAsync(message);
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            var headers = response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, headers, null)
            {
                Code = ResponseJudge.CodeOf(body),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return FuzzResponse.Failed($"{e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
        }
    }

    /// <summary>
    /// The legitimate shoppers each start once the fuzz has sent its share of requests, spread over the first
    /// two thirds of it, and go through the whole flow: enter, exchange (waiting as Retry-After asks), purchase.
    /// </summary>
    private static async Task<LegitimateOutcome[]> BuyWhileFuzzingAsync(Shopper[] shoppers, Func<int> sent, int count) =>
        await Task.WhenAll(shoppers.Select((shopper, i) => Task.Run(async () =>
        {
            var startAt = (int)((long)count * 2 / 3 * i / shoppers.Length);
            while (sent() < startAt)
            {
                await Task.Delay(20);
            }

            return await BuyAsync(shopper);
        })));

    private static async Task<LegitimateOutcome> BuyAsync(Shopper shopper)
    {
        var answers = new List<ApiResponse>();
        var entered = await shopper.EnterAsync();
        answers.Add(entered);
        if (entered.StatusCode != 200)
        {
            return new(shopper, Step.Enter, entered, answers);
        }

        var exchanged = await shopper.ExchangeUntilSettledAsync(entered.Value.QueueToken, TimeSpan.FromMinutes(2));
        answers.AddRange(exchanged.Pending);
        answers.Add(exchanged.Final);
        if (exchanged.Final.StatusCode != 200)
        {
            return new(shopper, Step.Exchange, exchanged.Final, answers);
        }

        var purchased = await shopper.PurchaseAsync(exchanged.Final.Value.PurchaseToken);
        answers.Add(purchased);
        return new(shopper, Step.Purchase, purchased, answers);
    }

    private static void AssertLegitimateShoppersWereAnswered(LegitimateOutcome[] outcomes, string replay)
    {
        foreach (var answer in outcomes.SelectMany(o => o.Answers))
        {
            answer.StatusCode.Should().BeLessThan(500, "legitimate shoppers get no 5xx during the fuzz ({0}); got {1}", replay, answer);
        }

        foreach (var outcome in outcomes)
        {
            if (outcome is { Step: Step.Purchase, Final.StatusCode: 201 })
            {
                continue;
            }

            outcome.Final.ShouldBeProblem(409, "sold_out");
        }
    }

    /// <summary>The sales' invariants, read behind the API's back.</summary>
    private async Task AssertInvariantsAsync(
        FuzzSales sales, LegitimateOutcome[] outcomes, int ordersPlacedByFuzz, int salesCreatedByFuzz, string replay)
    {
        var winners = outcomes.Where(o => o is { Step: Step.Purchase, Final.StatusCode: 201 }).ToList();
        var orderIds = winners.Select(w => w.Final.As<OrderPlacedBody>().OrderId).ToList();
        orderIds.Should().OnlyHaveUniqueItems();
        foreach (var winner in winners)
        {
            var mine = await winner.Shopper.GetMyOrdersAsync();
            mine.Value.Select(o => o.OrderId).Should().Equal([winner.Final.As<OrderPlacedBody>().OrderId], "{0}", replay);
        }

        var db = app.Database;
        async Task Expect(string sql, long expected, string because) =>
            (await db.ScalarAsync(sql)).Should().Be(expected, "{0} ({1})", because, replay);

        var defaultSale = sales.Default.SaleId;
        var orders = await db.ScalarAsync($"SELECT COUNT(*) FROM orders WHERE sale_id = '{defaultSale}'");
        orders.Should().BeLessThanOrEqualTo(FuzzApp.Stock, "orders never exceed the stock ({0})", replay);
        orders.Should().Be(winners.Count + ordersPlacedByFuzz,
            "every order was answered 201 exactly once, to a legitimate shopper or to the fuzz ({0})", replay);

        // The operator's calls left the sale everyone bought from as it was, and the others as the fuzz may leave them.
        await Expect($"SELECT COUNT(*) FROM sales WHERE id = '{defaultSale}' AND stock_total = {FuzzApp.Stock} AND paused = 0", 1,
            "the default sale's stock was never edited and it was never paused");
        await Expect($"SELECT COUNT(*) FROM orders WHERE sale_id = '{sales.Second}'", 2,
            "the second sale keeps the two orders placed before the fuzz (nobody else holds its purchase tokens)");
        await Expect($"SELECT COUNT(*) FROM sales WHERE id = '{sales.Paused}' AND paused = 1", 1, "the paused sale was never resumed");
        await Expect($"SELECT COUNT(*) FROM queue_places WHERE sale_id <> '{defaultSale}' AND sale_id <> '{sales.Second}'", 0,
            "nobody joined a sale that was paused, scheduled or closed all along (the fuzz's own included)");
        await Expect($"SELECT COUNT(*) FROM sales WHERE id IN ({string.Join(", ", sales.Editable.Select(id => $"'{id}'"))}) " +
            $"AND opens_at <= {app.Clock.GetUtcNow().UtcTicks}", 0, "the fuzz's editable sales still open days ahead");
        await Expect("SELECT COUNT(*) FROM sales", sales.All.Count() + salesCreatedByFuzz,
            "the sales set up before the fuzz and one for each 201 of a create: no refused create made one");
        await Expect("SELECT COUNT(*) FROM sales s WHERE s.stock_remaining <> s.stock_total - (SELECT COUNT(*) FROM orders o WHERE o.sale_id = s.id)",
            0, "the stock left is the stock less the orders");
        await Expect("SELECT COUNT(*) FROM sales WHERE stock_remaining < 0", 0, "the stock never goes below zero");
        await Expect("SELECT COUNT(*) FROM (SELECT sale_id, user_id FROM orders GROUP BY sale_id, user_id HAVING COUNT(*) > 1) AS twice",
            0, "at most one order per shopper");
        await Expect("SELECT COUNT(*) FROM (SELECT purchase_token_id FROM orders GROUP BY purchase_token_id HAVING COUNT(*) > 1) AS twice",
            0, "at most one order per purchase token");
        await Expect("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM purchase_tokens p " +
            "WHERE p.id = o.purchase_token_id AND p.user_id = o.user_id AND p.sale_id = o.sale_id)",
            0, "every order was paid with a purchase token of its own shopper and sale");
        await Expect("SELECT COUNT(*) FROM purchase_tokens p WHERE NOT EXISTS (SELECT 1 FROM queue_places q WHERE q.id = p.queue_token_id)",
            0, "every purchase token comes from a queue token that was queued");
        await Expect("SELECT COUNT(*) FROM purchase_tokens p JOIN queue_places q ON q.id = p.queue_token_id " +
            "WHERE q.user_id <> p.user_id OR q.sale_id <> p.sale_id", 0, "a purchase token belongs to its queue token's shopper and sale");
        await Expect("SELECT COUNT(*) FROM (SELECT queue_token_id FROM purchase_tokens GROUP BY queue_token_id HAVING COUNT(*) > 1) AS twice",
            0, "no two purchase tokens for one queue token");
        await Expect("SELECT COUNT(*) FROM (SELECT sale_id, user_id FROM queue_places GROUP BY sale_id, user_id HAVING COUNT(*) > 1) AS twice",
            0, "one place per shopper");

        var sale = (await app.Api.GetCurrentSaleAsync()).Value;
        sale.SaleId.Should().Be(defaultSale, "the default sale is still the current one ({0})", replay);
        sale.StockRemaining.Should().Be((int)(FuzzApp.Stock - orders), "the API and the database agree ({0})", replay);
        new SaleFacts(sale.SaleId, sale.ProductName, sale.Price, sale.Currency, sale.OpensAt, sale.ClosesAt).Should().Be(sales.Default,
            "the default sale's product, price, currency and window were never changed ({0})", replay);
    }
}
