using System.Security.Cryptography;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

public sealed class StartupTests
{
    [Fact]
    public async Task OutsideDevelopment_TheDevelopmentSigningKey_IsRefusedAtStartUp()
    {
        var start = () => EmbeddedApp.StartAsync(environment: "Production");

        var failure = await start.Should().ThrowAsync<Exception>();
        var messages = Flatten(failure.Which).Select(e => e.Message);
        messages.Should().Contain(message => message.Contains("Tokens:SigningKey"),
            "the operator must learn which setting to fix");
    }

    // Trusting nobody because of a typo would count a whole proxy's crowd as one client; a misspelt queue type would
    // meet the broker's PRECONDITION_FAILED on the first join instead.
    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.300", "ForwardedHeaders:KnownProxies: '10.0.0.300' is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks: '10.0.0.0/33' is not a network")]
    [InlineData("Messaging:QueueTokenQueueType", "qourum", "Messaging:QueueTokenQueueType must be 'classic' or 'quorum', not 'qourum'")]
    [InlineData("Messaging:QueueTokenFormat", "json", "Messaging:QueueTokenFormat must be 'raw' or 'envelope', not 'json'")]
    public async Task AMisspeltSetting_IsRefusedAtStartUp_WithItsName(string key, string value, string expected)
    {
        var start = () => EmbeddedApp.StartAsync(new Dictionary<string, string?> { [key] = value });

        var failure = await start.Should().ThrowAsync<Exception>();
        Flatten(failure.Which).Select(e => e.Message).Should().Contain(message => message.Contains(expected));
    }

    [Theory]
    [InlineData(null, "Tokens:PurchaseSigningKey is the public development key")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nnot base64\n-----END EC PRIVATE KEY-----", "Tokens:PurchaseSigningKey is not a readable EC key in PEM")]
    public async Task OutsideDevelopment_WithoutAPurchaseKeyOfItsOwn_TheAppIsRefusedAtStartUp(string? purchaseKey, string expected)
    {
        var start = () => EmbeddedApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                ["Tokens:PurchaseSigningKey"] = purchaseKey ?? TokenOptions.DevelopmentPurchaseSigningKey,
            },
            environment: "Production");

        var failure = await start.Should().ThrowAsync<Exception>();
        Flatten(failure.Which).Select(e => e.Message).Should().Contain(message => message.Contains(expected),
            "the operator must learn which setting to fix, and what is wrong with it");
    }

    [Fact]
    public async Task OutsideDevelopment_ASecretSigningKey_StartsTheApp()
    {
        await using var app = await EmbeddedApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
            },
            environment: "Production");

        (await app.Api.SendRawAsync(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(200);
        (await app.Api.NewShopperAsync()).AccessToken.Should().NotBeNullOrEmpty();
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : [.. OptionalInner(exception)];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    private static IEnumerable<Exception> OptionalInner(Exception exception) =>
        exception.InnerException is { } inner ? [inner] : [];
}
