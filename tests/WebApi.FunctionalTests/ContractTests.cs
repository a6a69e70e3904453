using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// The HTTP contract (docs/api-contract.md) walked end to end. Runs on both stacks: the embedded default
/// (<see cref="EmbeddedContractTests"/>) and MariaDB + RabbitMQ with a separate Worker (<see cref="RealStackContractTests"/>).
/// </summary>
public abstract class ContractTests<TApp>(TApp app) where TApp : TestApp
{
    protected TApp App { get; } = app;

    protected FlashPurchaseClient Api => App.Api;

    /// <summary>Proves the app runs on the stack the fixture configured (database file or server, transport).</summary>
    protected abstract Task AssertConfiguredStackIsInUseAsync();

    [Fact]
    public async Task Register_AnswersCreatedWithIdAndUsername_AndRefusesATakenUsername()
    {
        var username = FlashPurchaseClient.UniqueUsername("reg");

        var created = await Api.RegisterAsync(username, "long-enough-password");

        created.Status.Should().Be(HttpStatusCode.Created, "{0}", created);
        created.JsonBody.ShouldHaveMembers("userId", "username");
        created.Value.Username.Should().Be(username);
        created.Value.UserId.Should().NotBeEmpty();

        (await Api.RegisterAsync(username, "another-password")).ShouldBeProblem(409, "username_taken");
        (await Api.RegisterAsync(username.ToUpperInvariant(), "another-password"))
            .ShouldBeProblem(409, "username_taken");
    }

    [Theory]
    [InlineData("ab", "long-enough-password", "username")]
    [InlineData("has space", "long-enough-password", "username")]
    [InlineData("emoji-\u2603", "long-enough-password", "username")]
    [InlineData("x123456789x123456789x123456789x123456789x123456789x123456789xxxxx", "long-enough-password", "username")]
    [InlineData("", "long-enough-password", "username")]
    [InlineData("valid-name", "short12", "password")]
    [InlineData("valid-name", "", "password")]
    public async Task Register_WithAnInvalidUsernameOrPassword_AnswersValidationFailedNamingTheField(
        string username, string password, string field)
    {
        // A unique valid name where the case is about the password, so that no case collides with another.
        if (username == "valid-name")
        {
            username = FlashPurchaseClient.UniqueUsername("valid");
        }

        var problem = (await Api.RegisterAsync(username, password)).ShouldBeProblem(400, "validation_failed");

        problem.Errors.Should().NotBeNull().And.ContainKey(field);
        problem.Errors![field].Should().NotBeEmpty();
    }

    [Fact]
    public async Task Register_AcceptsTheBoundaryLengths()
    {
        var shortest = "a" + Guid.NewGuid().ToString("N")[..2];
        var longest = (FlashPurchaseClient.UniqueUsername("long") + new string('x', 64))[..64];

        (await Api.RegisterAsync(shortest, new string('p', 8))).Status.Should().Be(HttpStatusCode.Created);
        (await Api.RegisterAsync(longest, new string('p', 128))).Status.Should().Be(HttpStatusCode.Created);
        (await Api.RegisterAsync(FlashPurchaseClient.UniqueUsername("toolong"), new string('p', 129)))
            .ShouldBeProblem(400, "validation_failed").Errors.Should().ContainKey("password");
    }

    [Fact]
    public async Task Login_AnswersABearerAccessToken()
    {
        var username = FlashPurchaseClient.UniqueUsername("login");
        (await Api.RegisterAsync(username, "long-enough-password")).Value.Should().NotBeNull();

        var login = await Api.LoginAsync(username, "long-enough-password");

        login.Status.Should().Be(HttpStatusCode.OK, "{0}", login);
        login.JsonBody.ShouldHaveMembers("accessToken", "tokenType", "expiresAt");
        login.Value.TokenType.Should().Be("Bearer");
        login.Value.AccessToken.Split('.').Should().HaveCount(3, "it is a JWT");
        login.Value.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Login_WithAWrongPasswordOrAnUnknownUser_AnswersTheSameInvalidCredentials()
    {
        var username = FlashPurchaseClient.UniqueUsername("login");
        (await Api.RegisterAsync(username, "long-enough-password")).Value.Should().NotBeNull();

        var wrongPassword = (await Api.LoginAsync(username, "not-the-password")).ShouldBeProblem(401, "invalid_credentials");
        var unknownUser = (await Api.LoginAsync(FlashPurchaseClient.UniqueUsername("ghost"), "long-enough-password"))
            .ShouldBeProblem(401, "invalid_credentials");

        unknownUser.Detail.Should().Be(wrongPassword.Detail, "the answer must not tell which usernames exist");
    }

    [Fact]
    public async Task CurrentSale_IsAnonymousAndOpen()
    {
        var sale = await Api.GetCurrentSaleAsync();

        sale.Status.Should().Be(HttpStatusCode.OK, "{0}", sale);
        sale.JsonBody.ShouldHaveMembers(
            "saleId", "productName", "price", "currency", "stockTotal", "stockRemaining", "opensAt", "closesAt", "status");
        sale.Value.Status.Should().Be("open");
        sale.Value.ProductName.Should().NotBeNullOrWhiteSpace();
        sale.Value.StockTotal.Should().Be(1000);
        sale.Value.OpensAt.Should().BeBefore(sale.Value.ClosesAt);
    }

    [Fact]
    public async Task ShopperEndpoints_WithoutAnAccessToken_AnswerUnauthorized()
    {
        (await Api.EnterAsync(null)).ShouldBeProblem(401, "unauthorized");
        (await Api.ExchangeAsync(null, "whatever")).ShouldBeProblem(401, "unauthorized");
        (await Api.PurchaseAsync(null, "whatever")).ShouldBeProblem(401, "unauthorized");
        (await Api.GetMyOrdersAsync(null)).ShouldBeProblem(401, "unauthorized");
        (await Api.GetOrderAsync(null, Guid.NewGuid())).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task Enter_GivesEachShopperAPlaceOfTheirOwn()
    {
        var first = await Api.NewShopperAsync();
        var second = await Api.NewShopperAsync();

        var firstTicket = (await first.EnterAsync()).Value;
        var secondTicket = (await second.EnterAsync()).Value;

        secondTicket.Position.Should().BeGreaterThan(firstTicket.Position);
        secondTicket.QueueToken.Should().NotBe(firstTicket.QueueToken);
    }

    /// <summary>The whole purchase of one shopper, every answer checked against the contract.</summary>
    [Fact]
    public async Task PurchaseFlow_FromRegistrationToOrder_FollowsTheContract()
    {
        if (App.HasSeparateWorker)
        {
            // Without a worker nothing converts queue tokens: the exchange must stay pending.
            await App.StopWorkerAsync();
        }

        var alice = await Api.NewShopperAsync("alice");
        var sale = (await Api.GetCurrentSaleAsync()).Value;

        // 1. Join the queue.
        var entered = await alice.EnterAsync();
        entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
        entered.JsonBody.ShouldHaveMembers("queueToken", "expiresAt", "saleId", "position");
        var ticket = entered.Value;
        ticket.Position.Should().BeGreaterThanOrEqualTo(1);
        ticket.SaleId.Should().Be(sale.SaleId);
        ticket.ExpiresAt.Should().BeCloseTo(App.Clock.GetUtcNow() + FixtureSettings.ContractTokenLifetime, TimeSpan.FromMinutes(1));
        TokenForge.Header(ticket.QueueToken)["typ"]!.GetValue<string>().Should().Be(TokenForge.QueueType);

        var again = (await alice.EnterAsync()).Value;
        again.QueueToken.Should().Be(ticket.QueueToken, "joining again while the token is valid gives no second place");
        again.Position.Should().Be(ticket.Position);

        // 2. Swap the queue token for a purchase token.
        if (App.HasSeparateWorker)
        {
            await AssertPendingWhileNoWorkerRunsAsync(alice, ticket);
            await App.StartWorkerAsync();
        }

        var exchanged = await alice.ExchangeUntilSettledAsync(ticket.QueueToken);
        foreach (var pending in exchanged.Pending)
        {
            AssertPendingShape(pending, ticket);
        }

        exchanged.Final.Status.Should().Be(HttpStatusCode.OK, "{0}", exchanged.Final);
        exchanged.Final.JsonBody.ShouldHaveMembers("purchaseToken", "expiresAt");
        var purchaseToken = exchanged.Final.Value;
        purchaseToken.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
        TokenForge.Header(purchaseToken.PurchaseToken)["typ"]!.GetValue<string>().Should().Be(TokenForge.PurchaseType);

        var exchangedAgain = (await alice.ExchangeAsync(ticket.QueueToken)).Value;
        exchangedAgain.Should().Be(purchaseToken, "exchanging again returns the same purchase token");

        // 3. Buy.
        var purchased = await alice.PurchaseAsync(purchaseToken.PurchaseToken);
        purchased.Status.Should().Be(HttpStatusCode.Created, "{0}", purchased);
        purchased.JsonBody.ShouldHaveMembers("orderId", "saleId", "productName", "price", "placedAt", "message");
        var order = purchased.Value;
        purchased.Headers.Location.Should().NotBeNull();
        purchased.Headers.Location!.OriginalString.Should().EndWith($"/api/orders/{order.OrderId}");
        order.Message.Should().NotBeNullOrWhiteSpace();
        order.SaleId.Should().Be(sale.SaleId);
        order.ProductName.Should().Be(sale.ProductName);
        order.Price.Should().Be(sale.Price);

        var retried = await alice.PurchaseAsync(purchaseToken.PurchaseToken);
        retried.Status.Should().Be(HttpStatusCode.OK, "a retry with the same purchase token creates nothing: {0}", retried);
        retried.Value.OrderId.Should().Be(order.OrderId);

        // Orders.
        var mine = await alice.GetMyOrdersAsync();
        mine.Status.Should().Be(HttpStatusCode.OK, "{0}", mine);
        mine.JsonBody.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Array);
        mine.JsonBody[0].ShouldHaveMembers("orderId", "saleId", "productName", "price", "placedAt");
        mine.Value.Should().ContainSingle().Which.OrderId.Should().Be(order.OrderId);

        var one = await alice.GetOrderAsync(order.OrderId);
        one.Status.Should().Be(HttpStatusCode.OK, "{0}", one);
        one.Value.OrderId.Should().Be(order.OrderId);
        one.Value.Price.Should().Be(sale.Price);

        var bob = await Api.NewShopperAsync("bob");
        (await bob.GetOrderAsync(order.OrderId)).ShouldBeProblem(404, "not_found");
        (await bob.GetOrderAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");
        (await bob.GetMyOrdersAsync()).Value.Should().BeEmpty();

        // One order per shopper per sale.
        (await alice.EnterAsync()).ShouldBeProblem(409, "already_purchased");
        (await alice.ExchangeAsync(ticket.QueueToken)).ShouldBeProblem(409, "already_purchased");

        var stock = (await Api.GetCurrentSaleAsync()).Value.StockRemaining;
        stock.Should().BeLessThan(sale.StockRemaining);
    }

    private async Task AssertPendingWhileNoWorkerRunsAsync(Shopper shopper, QueueTicketBody ticket)
    {
        var pending = await shopper.ExchangeAsync(ticket.QueueToken);
        AssertPendingShape(pending, ticket);

        // Still pending a while later (Retry-After may ask for up to 30 s; a couple is enough to show it): the API
        // itself consumes nothing on the real stack.
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(pending.RetryAfterSeconds!.Value, 2) + 0.5));
        AssertPendingShape(await shopper.ExchangeAsync(ticket.QueueToken), ticket);
    }

    private static void AssertPendingShape(ApiResponse pending, QueueTicketBody ticket)
    {
        pending.Status.Should().Be(HttpStatusCode.Accepted, "{0}", pending);
        pending.JsonBody.ShouldHaveMembers("status", "position", "retryAfterSeconds");
        var body = pending.As<PendingBody>();
        body.Status.Should().Be("pending");

        // Other tests of this class share the sale, so the exact figures are EstimatedWaitTests' to check.
        body.Position.Should().BeInRange(0, ticket.Position - 1, "position counts the unconverted queue tokens ahead");
        body.RetryAfterSeconds.Should().BeInRange(RetryAfterRule.MinimumSeconds, RetryAfterRule.MaximumSeconds);
        pending.RetryAfterSeconds.Should().Be(body.RetryAfterSeconds, "the Retry-After header says the same");
    }

    [Fact]
    public async Task Tokens_OfAnotherShopper_AnswerTokenNotYours()
    {
        var alice = await Api.NewShopperAsync("alice");
        var mallory = await Api.NewShopperAsync("mallory");
        var (queueToken, purchaseToken) = await alice.GetTokensAsync();

        (await mallory.ExchangeAsync(queueToken)).ShouldBeProblem(403, "token_not_yours");
        (await mallory.PurchaseAsync(purchaseToken)).ShouldBeProblem(403, "token_not_yours");

        (await alice.PurchaseAsync(purchaseToken)).Status.Should().Be(HttpStatusCode.Created, "the owner still can");
    }

    [Fact]
    public async Task Tokens_OfOneKind_AreNeverAcceptedInAnothersPlace()
    {
        var shopper = await Api.NewShopperAsync();
        var (queueToken, purchaseToken) = await shopper.GetTokensAsync();

        (await shopper.ExchangeAsync(purchaseToken)).ShouldBeProblem(400, "invalid_token");
        (await shopper.ExchangeAsync(shopper.AccessToken)).ShouldBeProblem(400, "invalid_token");
        (await shopper.PurchaseAsync(queueToken)).ShouldBeProblem(400, "invalid_token");
        (await shopper.PurchaseAsync(shopper.AccessToken)).ShouldBeProblem(400, "invalid_token");

        // Queue and purchase tokens are not access tokens.
        (await Api.EnterAsync(queueToken)).ShouldBeProblem(401, "unauthorized");
        (await Api.EnterAsync(purchaseToken)).ShouldBeProblem(401, "unauthorized");
        (await Api.GetMyOrdersAsync(queueToken)).ShouldBeProblem(401, "unauthorized");
        (await Api.PurchaseAsync(purchaseToken, purchaseToken)).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task ForgedQueueTokens_AnswerInvalidToken()
    {
        var shopper = await Api.NewShopperAsync();
        var ticket = (await shopper.EnterAsync()).Value;
        var otherKey = RandomNumberGenerator.GetBytes(48);

        var forgeries = new Dictionary<string, string>
        {
            ["payload edited (exp pushed back)"] = TokenForge.WithEditedPayload(ticket.QueueToken,
                payload => payload["exp"] = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()),
            ["signature changed"] = TokenForge.WithFlippedSignature(ticket.QueueToken),
            ["signed with another key"] = TokenForge.ResignedWith(ticket.QueueToken, otherKey),
            ["alg: none"] = TokenForge.Unsigned(ticket.QueueToken),
            ["well signed but never queued"] = TokenForge.QueueToken(App.SigningKey, shopper.UserId, ticket.SaleId,
                App.Clock.GetUtcNow(), FixtureSettings.ContractTokenLifetime),
            ["not a JWT"] = "not-a-jwt",
            ["three dots of nothing"] = "a.b.c",
        };
        if (App.SigningKey != TokenOptions.DevelopmentSigningKey)
        {
            forgeries["signed with the public development key"] =
                TokenForge.ResignedWith(ticket.QueueToken, TokenOptions.DevelopmentSigningKey);
        }

        foreach (var (name, forged) in forgeries)
        {
            var response = await shopper.ExchangeAsync(forged);
            response.StatusCode.Should().Be(400, "a forged queue token ({0}) is invalid; got {1}", name, response);
            response.ShouldBeProblem(400, "invalid_token");
        }

        // The control: the forger's signature is right, so the refusals above are about what was forged.
        var resigned = await shopper.ExchangeAsync(TokenForge.ResignedWith(ticket.QueueToken, App.SigningKey));
        resigned.StatusCode.Should().BeOneOf([200, 202], "the same claims with the right key are the real token; got {0}", resigned);
    }

    [Fact]
    public async Task ForgedPurchaseTokens_AnswerInvalidToken()
    {
        var shopper = await Api.NewShopperAsync();
        var (_, purchaseToken) = await shopper.GetTokensAsync();
        var saleId = (await Api.GetCurrentSaleAsync()).Value.SaleId;

        var anotherKey = TestSupport.PurchaseSigningKey.NewPem();
        var ourHeader = TokenForge.Header(purchaseToken);
        var forgeries = new Dictionary<string, string>
        {
            ["payload edited (sale id)"] = TokenForge.WithEditedPayload(purchaseToken,
                payload => payload["sale_id"] = Guid.NewGuid().ToString()),
            ["signature changed"] = TokenForge.WithFlippedSignature(purchaseToken),
            ["signed ES256 with another P-256 key (its own kid)"] = TokenForge.ResignedWithEs256(purchaseToken, anotherKey),
            ["signed ES256 with another P-256 key under our kid"] =
                TokenForge.SignEs256(ourHeader, TokenForge.Payload(purchaseToken), anotherKey),
            // The secret of access and queue tokens signs no purchase token: a PT is ES256 or nothing.
            ["signed HS256 with the app's access and queue token key"] = TokenForge.Sign(
                new JsonObject { ["alg"] = "HS256", ["typ"] = TokenForge.PurchaseType }, TokenForge.Payload(purchaseToken), App.SigningKey),
            ["signed HS256 with random bytes"] = TokenForge.ResignedWith(purchaseToken, RandomNumberGenerator.GetBytes(48)),
            ["alg: none"] = TokenForge.Unsigned(purchaseToken),
            ["well signed but never issued"] = TokenForge.PurchaseToken(App.PurchaseSigningKey, shopper.UserId, saleId,
                App.Clock.GetUtcNow(), FixtureSettings.ContractTokenLifetime),
        };
        if (App.PurchaseSigningKey != TokenOptions.DevelopmentPurchaseSigningKey)
        {
            forgeries["signed with the public development purchase key"] =
                TokenForge.ResignedWithEs256(purchaseToken, TokenOptions.DevelopmentPurchaseSigningKey);
        }

        foreach (var (name, forged) in forgeries)
        {
            var response = await shopper.PurchaseAsync(forged);
            response.StatusCode.Should().Be(400, "a forged purchase token ({0}) is invalid; got {1}", name, response);
            response.ShouldBeProblem(400, "invalid_token");
        }

        var resigned = await shopper.PurchaseAsync(TokenForge.ResignedWithEs256(purchaseToken, App.PurchaseSigningKey));
        resigned.Status.Should().Be(HttpStatusCode.Created, "the same claims with the right key are the real token; got {0}", resigned);
    }

    [Fact]
    public async Task Tokens_PastTheirLifetime_AnswerTokenExpired()
    {
        var shopper = await Api.NewShopperAsync();
        var (queueToken, purchaseToken) = await shopper.GetTokensAsync();
        var ticket = (await shopper.EnterAsync()).Value;

        using (App.Clock.AdvanceFor(FixtureSettings.ContractTokenLifetime + TimeSpan.FromMinutes(1)))
        {
            (await shopper.ExchangeAsync(queueToken)).ShouldBeProblem(410, "token_expired");
            (await shopper.PurchaseAsync(purchaseToken)).ShouldBeProblem(410, "token_expired");

            // The expired place is gone: joining again gives a new token and a new place.
            var rejoined = (await shopper.EnterAsync()).Value;
            rejoined.QueueToken.Should().NotBe(ticket.QueueToken);
            rejoined.Position.Should().BeGreaterThan(ticket.Position);
        }

        (await shopper.PurchaseAsync(purchaseToken)).Status.Should().Be(HttpStatusCode.Created,
            "the same token within its lifetime is good: the 410 was about time");
    }

    /// <summary>
    /// One shopper with two purchase tokens (the first place expired, so they joined again) sends both, several times
    /// each, at once: one order, retries of its token answer that order, the other token answers already_purchased.
    /// </summary>
    [Fact]
    public async Task Purchase_OfOneShopperWithTwoPurchaseTokensAtOnce_PlacesOneOrder()
    {
        var shopper = await Api.NewShopperAsync();
        var (_, first) = await shopper.GetTokensAsync();
        string second;
        using (App.Clock.AdvanceFor(FixtureSettings.ContractTokenLifetime + TimeSpan.FromMinutes(1)))
        {
            var rejoined = (await shopper.EnterAsync()).Value;
            second = (await shopper.ExchangeUntilSettledAsync(rejoined.QueueToken)).Final.Value.PurchaseToken;
        }

        second.Should().NotBe(first);
        var sent = Enumerable.Range(0, 6).SelectMany(_ => new[] { first, second }).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = sent.Select(token => Task.Run(async () =>
        {
            await gate.Task;
            return (Token: token, Response: await shopper.PurchaseAsync(token));
        })).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(racing);

        var created = answers.Where(a => a.Response.StatusCode == 201).ToList();
        created.Should().ContainSingle("one order per shopper per sale; answers: {0}",
            string.Join(" | ", answers.Select(a => a.Response.ToString())));
        var (winningToken, winner) = created[0];
        var orderId = winner.As<OrderPlacedBody>().OrderId;
        foreach (var (token, response) in answers.Where(a => a.Response != winner))
        {
            if (token == winningToken && response.StatusCode == 200)
            {
                response.As<OrderPlacedBody>().OrderId.Should().Be(orderId, "a retry of the token that bought answers its order");
            }
            else
            {
                // A concurrent retry of the winning token should answer 200 (see the skipped test below); until
                // PlaceOrderHandler is fixed it may answer already_purchased, which still creates nothing.
                response.ShouldBeProblem(409, "already_purchased");
            }
        }

        (await shopper.GetMyOrdersAsync()).Value.Should().ContainSingle().Which.OrderId.Should().Be(orderId);
        (await shopper.PurchaseAsync(winningToken)).StatusCode.Should().Be(200, "a later retry answers the order");
        (await shopper.PurchaseAsync(winningToken == first ? second : first)).ShouldBeProblem(409, "already_purchased");
    }

    /// <summary>
    /// The contract: "Sending the same PT again (a retry) creates no second order and returns 200 with the same
    /// orderId", also when the retry overlaps the first send (a client timing out and resending).
    /// </summary>
    [Fact]
    public async Task Purchase_SentSeveralTimesAtOnce_AnswersOneCreatedAndTheSameOrderForEveryRetry()
    {
        var shopper = await Api.NewShopperAsync();
        var (_, purchaseToken) = await shopper.GetTokensAsync();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            return await shopper.PurchaseAsync(purchaseToken);
        })).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(racing);

        answers.Should().ContainSingle(a => a.StatusCode == 201);
        var orderId = answers.Single(a => a.StatusCode == 201).As<OrderPlacedBody>().OrderId;
        foreach (var retry in answers.Where(a => a.StatusCode != 201))
        {
            retry.StatusCode.Should().Be(200, "a retry answers the order it placed; got {0}", retry);
            retry.As<OrderPlacedBody>().OrderId.Should().Be(orderId);
        }
    }

    [Fact]
    public async Task Health_IsLiveAndReady()
    {
        (await Api.SendRawAsync(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(200);

        // The broker's check turns healthy once the bus has connected.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ApiResponse ready;
        while ((ready = await Api.SendRawAsync(HttpMethod.Get, "/health/ready")).StatusCode != 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        ready.StatusCode.Should().Be(200, "{0}", ready);
    }

    [Fact]
    public async Task TheConfiguredStack_IsTheOneInUse()
    {
        await Api.NewShopperAsync("stack");
        (await App.Database.ScalarAsync("SELECT COUNT(*) FROM users")).Should().BeGreaterThanOrEqualTo(1);
        await AssertConfiguredStackIsInUseAsync();
    }
}

public sealed class EmbeddedContractTests(EmbeddedContractApp app)
    : ContractTests<EmbeddedContractApp>(app), IClassFixture<EmbeddedContractApp>
{
    protected override Task AssertConfiguredStackIsInUseAsync()
    {
        File.Exists(App.DatabasePath).Should().BeTrue("the embedded app writes its SQLite file");
        App.Settings["Messaging:Transport"].Should().Be("InMemory");
        return Task.CompletedTask;
    }
}

public sealed class RealStackContractTests(RealStackContractApp app)
    : ContractTests<RealStackContractApp>(app), IClassFixture<RealStackContractApp>
{
    protected override async Task AssertConfiguredStackIsInUseAsync()
    {
        // The users went to this fixture's MariaDB database, and the queue lives in this fixture's vhost.
        (await App.ThrowawayDatabase.ScalarAsync(
            $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{App.ThrowawayDatabase.Name}' AND table_name = 'orders'"))
            .Should().Be(1);
        var queue = await App.Vhost.GetQueueJsonAsync("queue-token-issued");
        queue.Should().Contain("\"queue-token-issued\"");
    }
}
