using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>The benchmark's ceiling endpoint exists only when the benchmark turns it on, and only for signed-in callers.</summary>
public sealed class CeilingEndpointTests
{
    [Fact]
    public async Task Ceiling_ByDefault_IsNotThere_ForAnonymousAndSignedInCallersAlike()
    {
        await using var app = await EmbeddedApp.StartAsync();
        var shopper = await app.Api.NewShopperAsync();

        var signedIn = await app.Api.SendRawAsync(HttpMethod.Get, "/bench/ceiling", accessToken: shopper.AccessToken);
        var anonymous = await app.Api.SendRawAsync(HttpMethod.Get, "/bench/ceiling");

        signedIn.ShouldBeProblem(404, "not_found");
        anonymous.ShouldBeProblem(404, "not_found"); // an endpoint that is off says nothing, not even "sign in first"
        (await app.Api.SendRawAsync(HttpMethod.Get, "/openapi/v1.json")).Body.Should().NotContain("/bench/ceiling");
    }

    [Fact]
    public async Task Ceiling_WhenTurnedOn_SignsAQueueTokenForASignedInCallerOnly()
    {
        await using var app = await EmbeddedApp.StartAsync(new Dictionary<string, string?> { ["Benchmark:CeilingEndpoint"] = "true" });
        var shopper = await app.Api.NewShopperAsync();

        var signed = await app.Api.SendRawAsync(HttpMethod.Get, "/bench/ceiling", accessToken: shopper.AccessToken);
        var anonymous = await app.Api.SendRawAsync(HttpMethod.Get, "/bench/ceiling");

        signed.StatusCode.Should().Be(200, "{0}", signed);
        signed.JsonBody.GetProperty("queueToken").GetString().Should().StartWith("eyJ");
        anonymous.ShouldBeProblem(401, "unauthorized");
    }
}
