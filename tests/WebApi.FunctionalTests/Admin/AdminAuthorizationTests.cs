using System.Net;
using System.Text.Json.Nodes;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// "Every /api/admin/* call: 401 unauthorized without a valid access token, 403 forbidden for a shopper", and the
/// operator's answer for the same call: the matrix of the seven admin calls by three callers.
/// </summary>
public sealed class AdminAuthorizationTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    private int _salesBefore;

    public static TheoryData<string> Calls => new(AdminCalls.Keys);

    /// <summary>Each admin call against a sale of its own (made by the operator first), by name.</summary>
    private static readonly Dictionary<string, Func<AdminClient, AdminSaleBody, DateTimeOffset, Task<ApiResponse>>> AdminCalls = new()
    {
        ["POST /api/admin/sales"] = async (admin, _, now) => await admin.CreateSaleAsync(SaleRequests.Create(now.AddHours(1))),
        ["GET /api/admin/sales"] = async (admin, _, _) => await admin.ListSalesAsync(),
        ["GET /api/admin/sales/{id}"] = async (admin, sale, _) => await admin.GetSaleAsync(sale.SaleId),
        ["PATCH /api/admin/sales/{id}"] = async (admin, sale, _) => await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 42 }),
        ["POST /api/admin/sales/{id}/pause"] = async (admin, sale, _) => await admin.PauseAsync(sale.SaleId),
        ["POST /api/admin/sales/{id}/resume"] = async (admin, sale, _) => await admin.ResumeAsync(sale.SaleId),
        ["POST /api/admin/sales/{id}/close"] = async (admin, sale, _) => await admin.CloseAsync(sale.SaleId),
    };

    private static readonly Dictionary<string, int> OperatorStatus = new()
    {
        ["POST /api/admin/sales"] = 201,
        ["GET /api/admin/sales"] = 200,
        ["GET /api/admin/sales/{id}"] = 200,
        ["PATCH /api/admin/sales/{id}"] = 200,
        ["POST /api/admin/sales/{id}/pause"] = 200,
        ["POST /api/admin/sales/{id}/resume"] = 200,
        ["POST /api/admin/sales/{id}/close"] = 200,
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task AdminCall_WithoutAnAccessToken_AnswersUnauthorized_AndChangesNothing(string call)
    {
        var (operatorClient, sale) = await SaleOfItsOwnAsync();

        var response = await AdminCalls[call](app.Api.Admin(null), sale, app.Clock.GetUtcNow());

        response.ShouldBeProblem(401, "unauthorized");
        await ShouldBeUnchangedAsync(operatorClient, sale);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task AdminCall_WithAForgedOrBrokenAccessToken_AnswersUnauthorized(string call)
    {
        var (operatorClient, sale) = await SaleOfItsOwnAsync();
        var shopper = await app.Api.NewShopperAsync();
        var now = app.Clock.GetUtcNow();

        // A shopper who writes themselves the admin role into their token (the signature no longer matches).
        var selfPromoted = TokenForge.WithEditedPayload(shopper.AccessToken, payload => payload["role"] = "admin");
        (await AdminCalls[call](app.Api.Admin(selfPromoted), sale, now)).ShouldBeProblem(401, "unauthorized");

        // An operator's token with one character of its signature changed, and garbage.
        var brokenOperator = TokenForge.WithFlippedSignature(operatorClient.AccessToken!);
        (await AdminCalls[call](app.Api.Admin(brokenOperator), sale, now)).ShouldBeProblem(401, "unauthorized");
        (await AdminCalls[call](app.Api.Admin("not-a-jwt"), sale, now)).ShouldBeProblem(401, "unauthorized");

        await ShouldBeUnchangedAsync(operatorClient, sale);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task AdminCall_WithAShoppersAccessToken_AnswersForbidden_AndChangesNothing(string call)
    {
        var (operatorClient, sale) = await SaleOfItsOwnAsync();
        var shopper = await app.Api.NewShopperAsync();

        var response = await AdminCalls[call](app.Api.Admin(shopper.AccessToken), sale, app.Clock.GetUtcNow());

        var problem = response.ShouldBeProblem(403, "forbidden");
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        await ShouldBeUnchangedAsync(operatorClient, sale);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task AdminCall_WithTheOperatorsAccessToken_AnswersTheSale(string call)
    {
        var (operatorClient, sale) = await SaleOfItsOwnAsync();

        var response = await AdminCalls[call](operatorClient, sale, app.Clock.GetUtcNow());

        response.StatusCode.Should().Be(OperatorStatus[call], "{0}", response);
        response.MediaType.Should().Be("application/json");
        if (call == "GET /api/admin/sales")
        {
            response.As<List<AdminSaleBody>>().Select(s => s.SaleId).Should().Contain(sale.SaleId);
            response.JsonBody[0].ShouldHaveMembers("saleId", "status", "paused", "duration", "queueCapacity", "figures");
        }
        else
        {
            response.JsonBody.ShouldHaveMembers(
                "saleId", "productName", "price", "currency", "stockTotal", "stockRemaining", "opensAt", "closesAt",
                "status", "preQueueOpensAt", "paused", "challengeDifficulty", "duration", "queueCapacity", "figures");
            response.JsonBody.GetProperty("figures").ShouldHaveMembers(
                "queued", "waiting", "activePurchaseTokens", "orders", "stockRemaining", "joinsPerMinute",
                "releasesPerMinute", "ordersPerMinute", "estimatedWaitForLastSeconds");
        }
    }

    [Fact]
    public async Task OperatorsAnswers_ReallyChangeTheSale()
    {
        var (admin, sale) = await SaleOfItsOwnAsync();

        (await admin.EditSaleAsync(sale.SaleId, new JsonObject { ["stock"] = 42 })).Value.StockTotal.Should().Be(42);
        (await admin.PauseAsync(sale.SaleId)).Value.Paused.Should().BeTrue();
        (await admin.ResumeAsync(sale.SaleId)).Value.Paused.Should().BeFalse();
        (await admin.CloseAsync(sale.SaleId)).Value.Status.Should().Be("closed");

        var created = await admin.CreateSaleAsync(SaleRequests.Create(app.Clock.GetUtcNow().AddHours(1)));
        created.Status.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.OriginalString.Should().Be($"/api/sales/{created.Value.SaleId}");
        (await app.Api.GetSaleAsync(created.Value.SaleId)).Value.ProductName.Should().Be(SaleRequests.ProductName,
            "the Location names the public view of the new sale");
    }

    [Fact]
    public async Task TheOperatorsAccessToken_CarriesTheAdminRole_AndAShoppersNone()
    {
        var shopper = await app.Api.NewShopperAsync();
        var admin = await app.OperatorAsync();

        TokenForge.Payload(admin.AccessToken!)["role"]!.GetValue<string>().Should().Be("admin");
        TokenForge.Payload(shopper.AccessToken).ContainsKey("role").Should().BeFalse("a shopper's token carries no role");
    }

    /// <summary>A scheduled sale made by the operator, so that calls that change it touch no other test's sale.</summary>
    private async Task<(AdminClient Operator, AdminSaleBody Sale)> SaleOfItsOwnAsync()
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(app.Clock.GetUtcNow());
        _salesBefore = (await admin.ListSalesAsync()).Value.Count;
        return (admin, sale);
    }

    private async Task ShouldBeUnchangedAsync(AdminClient admin, AdminSaleBody before)
    {
        var after = (await admin.GetSaleAsync(before.SaleId)).Value;
        after.Should().BeEquivalentTo(before, "a refused call changes nothing");

        // Nor creates anything (the tests of a class run one at a time: nobody else makes sales meanwhile).
        (await admin.ListSalesAsync()).Value.Should().HaveCount(_salesBefore, "a refused create makes no sale");
    }
}
