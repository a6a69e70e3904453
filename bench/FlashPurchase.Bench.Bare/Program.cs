using System.Text.Json;
using System.Text.Json.Serialization;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Bench;
using FlashPurchase.Infrastructure.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

// The bare ceiling (bench/run.sh, bench/README.md): what GET /api/queue/enter cannot avoid and nothing else. Validate
// the shopper's access token with the API's own key and validation parameters, sign a queue token with the product's
// token service, answer a small JSON. No MVC, no authentication middleware, no mediator, no rate limiter, no database,
// no broker: the API's /bench/ceiling (the same work through all of its middleware) is measured against this.
var builder = WebApplication.CreateSlimBuilder(args);
await using var product = ProductServices.Build(builder.Configuration);
var tokens = product.GetRequiredService<ITokenService>();
var accessTokens = product.GetRequiredService<TokenValidation>().For(TokenKind.Access);
var clock = product.GetRequiredService<TimeProvider>();
var handler = new JsonWebTokenHandler();

var app = builder.Build();
app.Run(async context =>
{
    const string scheme = "Bearer ";
    var header = context.Request.Headers.Authorization.ToString();
    var validated = header.StartsWith(scheme, StringComparison.Ordinal)
        ? await handler.ValidateTokenAsync(header[scheme.Length..], accessTokens)
        : null;
    // As the API: a well-signed token must name its shopper (the id goes into the queue token).
    if (validated is not { IsValid: true, SecurityToken: JsonWebToken jwt } || !Guid.TryParse(jwt.Subject, out var userId))
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return;
    }

    var now = clock.GetUtcNow();
    var claims = new SaleTokenClaims(Guid.NewGuid(), userId, Guid.Empty, now, now + tokens.SaleTokenLifetime);
    await context.Response.WriteAsJsonAsync(
        new BareTicket(tokens.SignSaleToken(TokenKind.Queue, claims), claims.ExpiresAt), BareJson.Default.BareTicket);
});
await app.RunAsync();

internal sealed record BareTicket(string QueueToken, DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BareTicket))]
internal sealed partial class BareJson : JsonSerializerContext;
