using System.Net.Http.Headers;
using System.Text;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// "No request, however malformed, gets a 500 or an HTML error page": every answer below is a problem document with
/// a documented code. Runs behind real Kestrel, whose request limits are part of what is tested.
/// </summary>
public sealed class BadInputTests(KestrelEmbeddedApp app) : IClassFixture<KestrelEmbeddedApp>
{
    private static readonly string[] BodyPaths =
        ["/api/auth/register", "/api/auth/token", "/api/queue/exchange-qt-for-pt", "/api/shop/purchase"];

    private static readonly Dictionary<string, string> MalformedBodies = new()
    {
        ["truncated JSON"] = "{\"queueToken\":",
        ["not JSON at all"] = "hello there",
        ["wrong types"] = "{\"queueToken\": 123, \"purchaseToken\": 456, \"username\": 1, \"password\": true}",
        ["an array"] = "[]",
        ["a string"] = "\"just a string\"",
        ["an empty object"] = "{}",
        ["null"] = "null",
        ["empty"] = "",
        ["whitespace"] = "   ",
        ["nested 1000 deep"] = new string('[', 1000) + new string(']', 1000),
        ["a trailing comma"] = "{\"queueToken\": \"x\",}",
        ["a member of the wrong type repeated"] = "{\"queueToken\": \"x\", \"queueToken\": {}}",
    };

    public static TheoryData<string> BodyEndpoints => new(BodyPaths);

    public static TheoryData<string, string> MalformedJsonBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in BodyPaths)
            {
                foreach (var name in MalformedBodies.Keys)
                {
                    data.Add(path, name);
                }
            }

            return data;
        }
    }

    private static string MalformedBody(string name) => MalformedBodies[name];

    private async Task<ApiResponse> PostAsync(string path, HttpContent? content, Action<HttpRequestMessage>? configure = null)
    {
        var shopper = await app.ShopperAsync();
        return await app.Api.SendRawAsync(HttpMethod.Post, path, content, shopper.AccessToken, configure);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(MalformedJsonBodies))]
    public async Task MalformedJsonBody_AnswersValidationFailed(string path, string bodyName)
    {
        var response = await PostAsync(path, Json(MalformedBody(bodyName)));

        var problem = response.ShouldBeProblem(400, "validation_failed");
        problem.Errors.Should().NotBeNullOrEmpty("validation errors say what is wrong; got {0}", response);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task NoBodyAtAll_AnswersUnsupportedMediaType(string path)
    {
        // No body and no Content-Type: MVC finds no input formatter for the [FromBody] model before it looks at the
        // (empty) body. An empty body that says it is JSON is a validation error instead (MalformedJsonBody, "empty").
        var response = await PostAsync(path, null);

        response.ShouldBeProblem(415, "unsupported_media_type");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task InvalidUtf8_AnswersValidationFailed(string path)
    {
        var content = new ByteArrayContent([.. "{\"queueToken\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        (await PostAsync(path, content)).ShouldBeProblem(400, "validation_failed");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task BodyThatIsNotTextInItsDeclaredCharset_AnswersValidationFailed(string path)
    {
        // Found by the fuzz test: bytes that do not decode in the charset the Content-Type names (here an odd number
        // of bytes, and a lone surrogate, as UTF-16) made the decoder throw while binding the body (a 500).
        foreach (var body in new byte[][] { [.. "{\"queueToken\":\"xy\"}"u8], [0x7B, 0x00, 0x22, 0x00, 0x00, 0xD8, 0x22, 0x00, 0x7D, 0x00] })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-16" };

            (await PostAsync(path, content)).ShouldBeProblem(400, "validation_failed");
        }
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task TextPlainBody_AnswersUnsupportedMediaType(string path)
    {
        var response = await PostAsync(path, new StringContent("{\"queueToken\":\"x\"}", Encoding.UTF8, "text/plain"));

        response.ShouldBeProblem(415, "unsupported_media_type");
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/token")]
    public async Task FormBodyToTheAccountEndpoints_AnswersUnsupportedMediaType(string path)
    {
        // Found by the fuzz test: these answered 400 with the framework's own words about reading a form.
        var form = new FormUrlEncodedContent([new("username", "someone"), new("password", "a-password-1")]);

        var response = await app.Api.SendRawAsync(HttpMethod.Post, path, form);

        response.ShouldBeProblem(415, "unsupported_media_type");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task ContentTypeParameterWithNoValue_AnswersUnsupportedMediaType(string path)
    {
        // Found by the fuzz test: a parameter with nothing after '=' at the end of the header made MVC's media type
        // parser throw while binding the body (a 500).
        foreach (var contentType in new[] { "application/json; charset=", "application/json; a=" })
        {
            var content = new ByteArrayContent("{\"queueToken\":\"x\",\"purchaseToken\":\"x\"}"u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

            (await PostAsync(path, content)).ShouldBeProblem(415, "unsupported_media_type");
        }
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task BodyOver16KiB_AnswersPayloadTooLarge(string path)
    {
        var body = $"{{\"queueToken\":\"{new string('a', 20 * 1024)}\",\"purchaseToken\":\"x\",\"username\":\"x\",\"password\":\"x\"}}";

        (await PostAsync(path, Json(body))).ShouldBeProblem(413, "payload_too_large");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task ChunkedBodyOver16KiB_AnswersPayloadTooLarge(string path)
    {
        // No Content-Length: the limit must hold while the body streams in, not only when it is announced.
        var body = $"{{\"queueToken\":\"{new string('a', 20 * 1024)}\"}}";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await PostAsync(path, content, request => request.Headers.TransferEncodingChunked = true);

        response.ShouldBeProblem(413, "payload_too_large");
    }

    [Fact]
    public async Task BodyJustUnder16KiB_IsReadNormally()
    {
        // Within the limit the body is read and judged on its content: an oversized token is a validation error.
        var body = $"{{\"queueToken\":\"{new string('a', 15 * 1024)}\"}}";

        (await PostAsync("/api/queue/exchange-qt-for-pt", Json(body))).ShouldBeProblem(400, "validation_failed");
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("GET", "/nothing-here")]
    [InlineData("POST", "/api/queue")]
    [InlineData("GET", "/api/orders/not-a-guid")]
    public async Task UnknownRoute_AnswersNotFound(string method, string path)
    {
        var shopper = await app.ShopperAsync();
        var response = await app.Api.SendRawAsync(new HttpMethod(method), path, null, shopper.AccessToken,
            request => request.Headers.Accept.ParseAdd("text/html"));

        response.ShouldBeProblem(404, "not_found");
    }

    [Theory]
    [InlineData("GET", "/api/shop/purchase")]
    [InlineData("DELETE", "/api/queue/enter")]
    [InlineData("PUT", "/api/auth/register")]
    [InlineData("GET", "/api/queue/exchange-qt-for-pt")]
    [InlineData("POST", "/api/sales/current")]
    public async Task WrongMethod_AnswersMethodNotAllowed(string method, string path)
    {
        var shopper = await app.ShopperAsync();
        var response = await app.Api.SendRawAsync(new HttpMethod(method), path, null, shopper.AccessToken);

        response.ShouldBeProblem(405, "method_not_allowed");
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task MalformedAuthorizationHeader_AnswersUnauthorized(string header)
    {
        var response = await app.Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", null, null,
            request => request.Headers.TryAddWithoutValidation("Authorization", header));

        response.ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task ForgedAccessToken_AnswersUnauthorized()
    {
        var shopper = await app.ShopperAsync();

        foreach (var forged in new[]
                 {
                     TokenForge.WithFlippedSignature(shopper.AccessToken),
                     TokenForge.Unsigned(shopper.AccessToken),
                     TokenForge.ResignedWith(shopper.AccessToken, "another-key-another-key-another-key-0123"),
                     TokenForge.WithEditedPayload(shopper.AccessToken, payload => payload["sub"] = Guid.NewGuid().ToString()),
                 })
        {
            (await app.Api.EnterAsync(forged)).ShouldBeProblem(401, "unauthorized");
        }
    }

    [Fact]
    public async Task ExpiredAccessToken_AnswersUnauthorized()
    {
        var shopper = await app.ShopperAsync();
        var expired = TokenForge.ResignedWith(
            TokenForge.WithEditedPayload(shopper.AccessToken, p =>
            {
                p["iat"] = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
                p["nbf"] = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
                p["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
            }),
            app.SigningKey);

        (await app.Api.EnterAsync(expired)).ShouldBeProblem(401, "unauthorized");

        // The control: the same edit inside the lifetime is accepted, so the 401 above is about expiry.
        var resigned = TokenForge.ResignedWith(shopper.AccessToken, app.SigningKey);
        (await app.Api.GetMyOrdersAsync(resigned)).StatusCode.Should().Be(200);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("number")]
    [InlineData("empty")]
    [InlineData("missing")]
    public async Task AccessTokenSignedWithTheKeyButNamingNoShopper_AnswersUnauthorized(string subject)
    {
        // Found by the fuzz test: a well-signed access token whose 'sub' is not a shopper id passed JwtBearer, and
        // reading the shopper's id then threw (a 500). The server never signs such a token: it is a forgery.
        var shopper = await app.ShopperAsync();
        var forged = TokenForge.ResignedWith(
            TokenForge.WithEditedPayload(shopper.AccessToken, payload =>
            {
                switch (subject)
                {
                    case "number":
                        payload["sub"] = 12345;
                        break;
                    case "empty":
                        payload["sub"] = "";
                        break;
                    case "missing":
                        payload.Remove("sub");
                        break;
                    default:
                        payload["sub"] = subject;
                        break;
                }
            }),
            app.SigningKey);

        (await app.Api.GetMyOrdersAsync(forged)).ShouldBeProblem(401, "unauthorized");
        (await app.Api.EnterAsync(forged)).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task RegisterWithNullFields_AnswersValidationFailed()
    {
        var response = await app.Api.SendRawAsync(HttpMethod.Post, "/api/auth/register",
            Json("{\"username\": null, \"password\": null}"));

        var problem = response.ShouldBeProblem(400, "validation_failed");
        problem.Errors.Should().NotBeEmpty();
    }
}
