using System.Net;
using System.Text.Json;
using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>The OpenAPI document and the documentation page (operations endpoints of the contract).</summary>
public sealed class OpenApiTests(EmbeddedDefaultApp app) : IClassFixture<EmbeddedDefaultApp>
{
    /// <summary>
    /// Every operation of the contract and the statuses it may answer (the contract's tables; 429 where rate limits
    /// apply).
    /// </summary>
    public static readonly TheoryData<string, string, string> Operations = new()
    {
        { "/api/auth/register", "post", "201,400,409,429" },
        { "/api/auth/token", "post", "200,401,429" },
        { "/api/sales", "get", "200" },
        { "/api/sales/current", "get", "200,404" },
        { "/api/sales/{saleId}", "get", "200,404" },
        { "/api/admin/sales", "post", "201,400,401,403" },
        { "/api/admin/sales", "get", "200,401,403" },
        { "/api/admin/sales/{saleId}", "get", "200,401,403,404" },
        { "/api/admin/sales/{saleId}", "patch", "200,400,401,403,404,409" },
        { "/api/admin/sales/{saleId}/pause", "post", "200,401,403,404,409" },
        { "/api/admin/sales/{saleId}/resume", "post", "200,401,403,404,409" },
        { "/api/admin/sales/{saleId}/close", "post", "200,401,403,404,409" },
        { "/api/queue/enter", "get", "200,401,409,429,503" },
        { "/api/queue/exchange-qt-for-pt", "post", "200,202,400,401,403,409,410,429" },
        { "/api/shop/purchase", "post", "200,201,400,401,403,409,410" },
        { "/api/orders/mine", "get", "200,401" },
        { "/api/orders/{orderId}", "get", "200,401,404" },
        { "/health/live", "get", "200" },
        { "/health/ready", "get", "200,503" },
        { "/.well-known/jwks.json", "get", "200" },
    };

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.Api.SendRawAsync(HttpMethod.Get, "/openapi/v1.json");
        response.StatusCode.Should().Be(200, "{0}", response);
        response.MediaType.Should().Be("application/json");
        return response.JsonBody;
    }

    [Fact]
    public async Task Document_IsOpenApiJsonWithABearerScheme()
    {
        var document = await DocumentAsync();

        document.TryGetProperty("openapi", out var version).Should().BeTrue();
        version.GetString().Should().StartWith("3.");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().ToList();
        schemes.Should().Contain(scheme =>
            scheme.Value.GetProperty("type").GetString() == "http"
            && string.Equals(scheme.Value.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Document_ListsEveryOperationWithItsStatuses(string path, string method, string statuses)
    {
        var document = await DocumentAsync();

        document.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue("the contract has {0}", path);
        item.TryGetProperty(method, out var operation).Should().BeTrue("{0} {1} is in the contract", method, path);
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        documented.Should().Contain(statuses.Split(','));
    }

    [Fact]
    public async Task Document_MarksShopperOperationsAsSecuredAndAccountOperationsAsAnonymous()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        // "Bearer" required, or explicitly nothing: [{}], the one requirement any request meets (linters want every
        // operation to say which).
        static string Security(JsonElement operation) =>
            operation.TryGetProperty("security", out var security) ? security.GetRawText().Replace(" ", "").Replace("\n", "") : "none";

        Security(paths.GetProperty("/api/queue/enter").GetProperty("get")).Should().Be("""[{"Bearer":[]}]""");
        Security(paths.GetProperty("/api/shop/purchase").GetProperty("post")).Should().Be("""[{"Bearer":[]}]""");
        Security(paths.GetProperty("/api/auth/register").GetProperty("post")).Should().Be("[{}]");
        Security(paths.GetProperty("/api/sales/current").GetProperty("get")).Should().Be("[{}]");
        Security(paths.GetProperty("/api/sales").GetProperty("get")).Should().Be("[{}]");
        Security(paths.GetProperty("/health/ready").GetProperty("get")).Should().Be("[{}]");
    }

    [Fact]
    public async Task Document_MarksEveryOperatorCall_AndNoOtherCall_AsNeedingTheAdminRole()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var isOperatorCall = path.Name.StartsWith("/api/admin/", StringComparison.Ordinal);
                var role = operation.Value.TryGetProperty("x-required-role", out var value) ? value.GetString() : null;
                role.Should().Be(isOperatorCall ? "admin" : null, "{0} {1}", operation.Name, path.Name);
                if (isOperatorCall)
                {
                    operation.Value.GetProperty("description").GetString().Should().Contain("'admin' role");
                    operation.Value.GetProperty("security").GetArrayLength().Should().BeGreaterThan(0);
                }
            }
        }
    }

    // /docs must teach the flow by itself: every body a client sends or gets has an example, and every refusal an
    // example per code, as the API writes it.
    [Fact]
    public async Task Document_HasAnExampleForEveryRequestBodyAndAnswer_AndTheRefusalsByCode()
    {
        var missing = new List<string>();
        foreach (var path in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (operation.Value.TryGetProperty("requestBody", out var body) && !HasExample(body))
                {
                    missing.Add($"{name} request body");
                }

                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    if (response.Value.TryGetProperty("content", out _) && !HasExample(response.Value))
                    {
                        missing.Add($"{name} {response.Name}");
                    }
                }
            }
        }

        missing.Should().BeEmpty();
    }

    [Fact]
    public async Task Document_ShowsEnterRefusedByEachConflictCode_AsTheApiWritesIt_InItsMediaType()
    {
        var conflict = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/queue/enter").GetProperty("get")
            .GetProperty("responses").GetProperty("409").GetProperty("content").GetProperty("application/problem+json")
            .GetProperty("examples");

        conflict.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(
            ["sale_not_open", "queue_full", "sold_out", "already_purchased", "queue_paused", "sale_closed"]);
        var soldOut = conflict.GetProperty("sold_out").GetProperty("value");
        soldOut.GetProperty("status").GetInt32().Should().Be(409);
        soldOut.GetProperty("detail").GetString().Should().Be(DomainErrors.SoldOut.Detail);
        soldOut.GetProperty("type").GetString().Should().Be("urn:flashpurchase:problem:sold_out");
    }

    private static bool HasExample(JsonElement bodyOrResponse) =>
        bodyOrResponse.GetProperty("content").EnumerateObject().All(media =>
            media.Value.TryGetProperty("example", out _)
            || (media.Value.TryGetProperty("examples", out var examples) && examples.EnumerateObject().Any()));

    [Fact]
    public async Task DocsPage_AnswersHtml()
    {
        var path = "/docs";
        var response = await app.Api.SendRawAsync(HttpMethod.Get, path);
        for (var hops = 0; response.StatusCode is >= 300 and < 400 && hops < 5; hops++)
        {
            var location = response.Headers.Location!;
            path = location.IsAbsoluteUri ? location.PathAndQuery : new Uri(new Uri("http://localhost" + path), location).PathAndQuery;
            response = await app.Api.SendRawAsync(HttpMethod.Get, path);
        }

        response.Status.Should().Be(HttpStatusCode.OK, "{0}", response);
        response.MediaType.Should().Be("text/html");
        response.Body.Should().ContainEquivalentOf("<html");
    }

    [Fact]
    public async Task Health_IsLiveAndReady()
    {
        (await app.Api.SendRawAsync(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(200);
        var ready = await app.Api.SendRawAsync(HttpMethod.Get, "/health/ready");
        ready.StatusCode.Should().Be(200);
        ready.JsonBody.GetProperty("checks").GetProperty("database").GetString().Should().Be("Healthy");
    }
}
