using System.Security.Cryptography;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// /.well-known/jwks.json: what a shop's checkout needs to verify a purchase token, anonymous and cacheable. (The
/// independent verifier, jose over real purchase tokens and a rotation, is web/tests/purchase-token-jwks.test.mjs.)
/// </summary>
public sealed class JwksTests(EmbeddedDefaultApp app) : IClassFixture<EmbeddedDefaultApp>
{
    [Fact]
    public async Task Jwks_PublishesThePurchaseKeysPublicHalf_Anonymously_ForFiveMinutesOfCaching()
    {
        var response = await app.Api.SendRawAsync(HttpMethod.Get, "/.well-known/jwks.json");

        response.StatusCode.Should().Be(200, "{0}", response);
        response.MediaType.Should().Be("application/json");
        response.Headers.CacheControl!.ToString().Should().Be("public, max-age=300");
        var key = response.JsonBody.GetProperty("keys").EnumerateArray().Should().ContainSingle().Which;
        key.EnumerateObject().Select(member => member.Name).Should().BeEquivalentTo(["kty", "crv", "x", "y", "kid", "use", "alg"],
            "a public key and nothing else: no 'd'");
        (key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString(), key.GetProperty("use").GetString(), key.GetProperty("alg").GetString())
            .Should().Be(("EC", "P-256", "sig", "ES256"));

        using var configured = ECDsa.Create();
        configured.ImportFromPem(app.PurchaseSigningKey);
        var point = configured.ExportParameters(false).Q;
        Base64UrlEncoder.DecodeBytes(key.GetProperty("x").GetString()).Should().Equal(point.X);
        Base64UrlEncoder.DecodeBytes(key.GetProperty("y").GetString()).Should().Equal(point.Y);
    }

    [Fact]
    public async Task Jwks_NamesEachKeyAsThePurchaseTokensItSigned()
    {
        var shopper = await app.Api.NewShopperAsync();
        var (_, purchaseToken) = await shopper.GetTokensAsync();

        var jwks = (await app.Api.SendRawAsync(HttpMethod.Get, "/.well-known/jwks.json")).JsonBody;

        var header = TokenForge.Header(purchaseToken);
        header["alg"]!.GetValue<string>().Should().Be("ES256");
        jwks.GetProperty("keys")[0].GetProperty("kid").GetString().Should().Be(header["kid"]!.GetValue<string>());
    }
}
