using System.Net;
using System.Text.Json.Nodes;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// The settings of a sale, at create and at edit: each rule answers 400 validation_failed naming the field, whatever
/// the body (malformed JSON, wrong types, a duration that is not one) never a 500, and a refused body changes nothing.
/// </summary>
public sealed class AdminValidationTests(EmbeddedAdminApp app) : IClassFixture<EmbeddedAdminApp>
{
    /// <summary>A field, a value that breaks one rule of it (as JSON), and the rule in words.</summary>
    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "stock", "0", "stock is at least 1" },
        { "stock", "-5", "stock is at least 1" },
        { "price", "0", "price is above 0" },
        { "price", "-1.50", "price is above 0" },
        { "price", "19.999", "price has at most 2 decimals" },
        { "price", "10000000000", "price fits the price column" },
        { "currency", "\"eur\"", "currency is 3 capitals" },
        { "currency", "\"EURO\"", "currency is 3 capitals" },
        { "currency", "\"E1R\"", "currency is 3 capitals" },
        { "currency", "\"\"", "currency is 3 capitals" },
        { "currency", "\"EUR\\n\"", "currency is 3 capitals and nothing after them" },
        { "duration", "\"00:00:00\"", "duration is above 0" },
        { "duration", "\"-01:00:00\"", "duration is above 0" },
        { "duration", "\"31.00:00:01\"", "duration is at most 31 days" },
        { "queueCapacity", "-1", "queueCapacity is at least 0" },
        { "opensAt", "\"9999-12-31T00:00:00Z\"", "the longest window ends within the calendar" },
        { "productName", "\"\"", "productName is not empty" },
        { "productName", "\"   \"", "productName is not blank" },
        { "productName", "\" padded \"", "productName has no spaces around it" },
        { "productName", $"\"{new string('x', 201)}\"", "productName is at most 200 characters" },
        { "preQueue", "\"-00:00:01\"", "preQueue is at least 0" },
        { "preQueue", "\"7.00:00:01\"", "preQueue is at most 7 days" },
        { "releaseRate", "-1", "releaseRate is at least 0" },
        { "maxActiveShoppers", "-1", "maxActiveShoppers is at least 0" },
        { "purchaseWindow", "\"00:00:00\"", "purchaseWindow is above 0" },
        { "purchaseWindow", "\"00:00:00.0000001\"", "purchaseWindow is at least a second (a tick would be stored as zero)" },
        { "purchaseWindow", "\"1.00:00:01\"", "purchaseWindow is at most a day" },
        { "challengeDifficulty", "-1", "challengeDifficulty is at least 0" },
        { "challengeDifficulty", "33", "challengeDifficulty is at most 32" },
    };

    /// <summary>The waiting-room controls: accepted only switched off until this version enforces them.</summary>
    public static TheoryData<string> RequiredFields => new("productName", "price", "currency", "stock", "opensAt", "duration");

    /// <summary>A field and a value of the wrong JSON type or an unreadable duration or instant.</summary>
    public static TheoryData<string, string> WrongTypes => new()
    {
        { "stock", "\"ten\"" },
        { "stock", "1.5" },
        { "stock", "true" },
        { "stock", "{}" },
        { "price", "\"cheap\"" },
        { "price", "[]" },
        { "currency", "42" },
        { "productName", "123" },
        { "opensAt", "\"tomorrow\"" },
        { "opensAt", "1767225600" },
        { "duration", "\"1 hour\"" },
        { "duration", "\"PT1H\"" },
        { "duration", "3600" },
        { "duration", "\"25:00:00\"" },
        { "duration", "\"01:60:00\"" },
        { "queueCapacity", "\"lots\"" },
        { "releaseRate", "\"fast\"" },
        { "preQueue", "\"soon\"" },
    };

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated", "{\"productName\":" },
        { "not JSON", "hello" },
        { "an array", "[]" },
        { "null", "null" },
        { "a string", "\"sale\"" },
        { "empty", "" },
        { "a trailing comma", "{\"stock\": 5,}" },
        { "a number far beyond int", "{\"stock\": 99999999999999999999999}" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Create_BreakingARule_AnswersValidationFailedNamingTheField(string field, string json, string rule)
    {
        var admin = await app.OperatorAsync();
        var salesBefore = await CountAsync(admin);
        var body = ValidCreateBody();
        body[field] = JsonNode.Parse(json);

        var response = await admin.CreateSaleAsync(body);

        ShouldNameOnly(response, field, rule);
        (await CountAsync(admin)).Should().Be(salesBefore, "a refused create makes no sale");
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Edit_BreakingARule_AnswersValidationFailedNamingTheField_AndChangesNothing(string field, string json, string rule)
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(app.Clock.GetUtcNow());

        var response = await admin.EditSaleAsync(sale.SaleId, new JsonObject { [field] = JsonNode.Parse(json) });

        ShouldNameOnly(response, field, rule);
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task Create_WithEveryWaitingRoomControl_StoresAndShowsThem()
    {
        var admin = await app.OperatorAsync();
        var body = ValidCreateBody();
        body["preQueue"] = "00:10:00";
        body["releaseRate"] = 120;
        body["maxActiveShoppers"] = 5;
        body["purchaseWindow"] = "00:05:00";
        body["challengeDifficulty"] = 18;

        var created = await admin.CreateSaleAsync(body);

        created.Status.Should().Be(HttpStatusCode.Created, "{0}", created);
        var read = (await admin.GetSaleAsync(created.Value.SaleId)).Value;
        read.PreQueue.Should().Be(TimeSpan.FromMinutes(10));
        read.PreQueueOpensAt.Should().Be(read.OpensAt - TimeSpan.FromMinutes(10));
        read.ReleaseRate.Should().Be(120);
        read.MaxActiveShoppers.Should().Be(5);
        read.PurchaseWindow.Should().Be(TimeSpan.FromMinutes(5));
        read.ChallengeDifficulty.Should().Be(18);
    }

    [Fact]
    public async Task Edit_OfTheWaitingRoomControlsOfAnOpenSale_ChangesThem_ButNotThePreQueue()
    {
        var admin = await app.OperatorAsync();
        var opened = (await admin.CreateSaleAsync(SaleRequests.Create(app.Clock.GetUtcNow().AddMinutes(-1)))).Value;

        var edited = await admin.EditSaleAsync(opened.SaleId, new JsonObject
        {
            ["releaseRate"] = 30,
            ["maxActiveShoppers"] = 2,
            ["purchaseWindow"] = "00:02:00",
            ["challengeDifficulty"] = 4,
        });
        var preQueue = await admin.EditSaleAsync(opened.SaleId, new JsonObject { ["preQueue"] = "00:05:00" });

        edited.Status.Should().Be(HttpStatusCode.OK, "{0}", edited);
        edited.Value.ReleaseRate.Should().Be(30);
        edited.Value.MaxActiveShoppers.Should().Be(2);
        edited.Value.PurchaseWindow.Should().Be(TimeSpan.FromMinutes(2));
        edited.Value.ChallengeDifficulty.Should().Be(4);
        preQueue.ShouldBeProblem(409, "sale_already_open");
    }

    [Fact]
    public async Task Create_WithTheWaitingRoomControlsSwitchedOff_IsAccepted()
    {
        var admin = await app.OperatorAsync();
        var body = ValidCreateBody();
        body["preQueue"] = "00:00:00";
        body["releaseRate"] = 0;
        body["maxActiveShoppers"] = 0;
        body["challengeDifficulty"] = 0;
        body["purchaseWindow"] = null;

        var created = await admin.CreateSaleAsync(body);

        created.Status.Should().Be(HttpStatusCode.Created, "{0}", created);
        created.Value.ChallengeDifficulty.Should().Be(0);
        created.Value.PreQueueOpensAt.Should().BeNull();
    }

    [Fact]
    public async Task Create_AtEveryBoundary_IsAccepted_AndKeepsTheValuesSent()
    {
        var admin = await app.OperatorAsync();
        var opensAt = SaleRequests.WholeSeconds(app.Clock.GetUtcNow()).AddDays(3);
        var body = new JsonObject
        {
            ["productName"] = new string('p', 200),
            ["price"] = 0.01m,
            ["currency"] = "JPY",
            ["stock"] = 1,
            ["opensAt"] = SaleRequests.Instant(opensAt),
            ["duration"] = "31.00:00:00",
            ["queueCapacity"] = 0,
        };

        var created = await admin.CreateSaleAsync(body);

        created.Status.Should().Be(HttpStatusCode.Created, "{0}", created);
        var sale = created.Value;
        sale.ProductName.Should().Be(new string('p', 200));
        sale.Price.Should().Be(0.01m);
        sale.Currency.Should().Be("JPY");
        sale.StockTotal.Should().Be(1);
        sale.StockRemaining.Should().Be(1);
        sale.OpensAt.Should().Be(opensAt);
        sale.Duration.Should().Be(TimeSpan.FromDays(31));
        sale.ClosesAt.Should().Be(opensAt.AddDays(31));
        sale.QueueCapacity.Should().Be(0);
        sale.Status.Should().Be("scheduled");
        created.JsonBody.GetProperty("duration").GetString().Should().Be("31.00:00:00", "durations are [d.]hh:mm:ss strings");
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale, "what was answered is what was stored");
    }

    [Fact]
    public async Task AWindowEndingBeyondTheCalendar_AnswersValidationFailed_NotAnInternalError()
    {
        var admin = await app.OperatorAsync();
        var body = ValidCreateBody();
        body["opensAt"] = "9999-12-31T23:00:00Z";
        body["duration"] = "02:00:00";
        var sale = await admin.CreateScheduledSaleAsync(app.Clock.GetUtcNow());

        (await admin.CreateSaleAsync(body)).ShouldBeProblem(400, "validation_failed").Errors.Should().ContainKey("opensAt");
        (await admin.EditSaleRawAsync(sale.SaleId, """{"opensAt":"9999-12-31T20:00:00Z","duration":"05:00:00"}"""))
            .ShouldBeProblem(400, "validation_failed").Errors.Should().ContainKey("opensAt");
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task Create_WithAnOpeningTimeInAnotherOffset_StoresTheSameInstant()
    {
        var admin = await app.OperatorAsync();
        var opensAt = SaleRequests.WholeSeconds(app.Clock.GetUtcNow()).AddHours(5);
        var body = ValidCreateBody();
        body["opensAt"] = opensAt.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");

        var sale = (await admin.CreateSaleAsync(body)).Value;

        sale.OpensAt.Should().Be(opensAt);
        sale.OpensAt.Offset.Should().Be(TimeSpan.Zero, "timestamps are answered in UTC");
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task Create_WithoutARequiredField_AnswersValidationFailedNamingIt(string field)
    {
        var admin = await app.OperatorAsync();
        var salesBefore = await CountAsync(admin);
        var body = ValidCreateBody();
        body.Remove(field);

        var response = await admin.CreateSaleAsync(body);

        ShouldNameOnly(response, field, $"{field} is required to create a sale");
        (await CountAsync(admin)).Should().Be(salesBefore);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task Create_WithARequiredFieldNull_AnswersValidationFailedNamingIt(string field)
    {
        var admin = await app.OperatorAsync();
        var body = ValidCreateBody();
        body[field] = null;

        ShouldNameOnly(await admin.CreateSaleAsync(body), field, $"{field} is required to create a sale");
    }

    [Fact]
    public async Task Create_WithAnEmptyObject_NamesEveryRequiredField()
    {
        var admin = await app.OperatorAsync();

        var problem = (await admin.CreateSaleRawAsync("{}")).ShouldBeProblem(400, "validation_failed");

        problem.Errors!.Keys.Should().BeEquivalentTo(["productName", "price", "currency", "stock", "opensAt", "duration"]);
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Create_WithAValueOfTheWrongType_AnswersValidationFailedNamingTheField(string field, string json)
    {
        var admin = await app.OperatorAsync();
        var valid = ValidCreateBody();
        valid.Remove(field);
        var body = valid.ToJsonString().TrimEnd('}') + $",\"{field}\":{json}}}";

        var problem = (await admin.CreateSaleRawAsync(body)).ShouldBeProblem(400, "validation_failed");

        problem.Errors.Should().ContainKey(field, "the field whose value could not be read is named; got {0}",
            string.Join(", ", problem.Errors!.Keys));
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Edit_WithAValueOfTheWrongType_AnswersValidationFailedNamingTheField(string field, string json)
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(app.Clock.GetUtcNow());

        var problem = (await admin.EditSaleRawAsync(sale.SaleId, $"{{\"{field}\":{json}}}")).ShouldBeProblem(400, "validation_failed");

        problem.Errors.Should().ContainKey(field);
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task CreateAndEdit_WithAMalformedBody_AnswerValidationFailed(string name, string json)
    {
        var admin = await app.OperatorAsync();
        var sale = await admin.CreateScheduledSaleAsync(app.Clock.GetUtcNow());

        var created = await admin.CreateSaleRawAsync(json);
        var edited = await admin.EditSaleRawAsync(sale.SaleId, json);

        created.ShouldBeProblem(400, "validation_failed").Errors.Should().NotBeNullOrEmpty("a malformed body ({0}) says what is wrong", name);
        edited.ShouldBeProblem(400, "validation_failed").Errors.Should().NotBeNullOrEmpty("a malformed body ({0}) says what is wrong", name);
        (await admin.GetSaleAsync(sale.SaleId)).Value.Should().BeEquivalentTo(sale);
    }

    [Fact]
    public async Task Edit_OfAnUnknownSale_AnswersNotFound_AndAMalformedIdIsNoSale()
    {
        var admin = await app.OperatorAsync();

        (await admin.EditSaleAsync(Guid.NewGuid(), new JsonObject { ["stock"] = 5 })).ShouldBeProblem(404, "not_found");
        (await admin.GetSaleAsync(Guid.NewGuid())).ShouldBeProblem(404, "not_found");
        (await app.Api.SendRawAsync(HttpMethod.Get, "/api/admin/sales/not-a-guid", accessToken: admin.AccessToken))
            .ShouldBeProblem(404, "not_found");
    }

    private JsonObject ValidCreateBody() => SaleRequests.Create(app.Clock.GetUtcNow().AddHours(2));

    private static async Task<int> CountAsync(AdminClient admin) => (await admin.ListSalesAsync()).Value.Count;

    private static void ShouldNameOnly(ApiResponse response, string field, string rule)
    {
        var problem = response.ShouldBeProblem(400, "validation_failed");
        problem.Errors.Should().NotBeNull();
        problem.Errors!.Keys.Should().Equal([field], "the rule '{0}' is about {1} alone; got {2}", rule, field, response);
        problem.Errors[field].Should().NotBeEmpty().And.AllSatisfy(message => message.Should().NotBeNullOrWhiteSpace());
    }
}
