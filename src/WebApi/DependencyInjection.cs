using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Authentication;
using FlashPurchase.WebApi.Controllers;
using FlashPurchase.WebApi.OpenApi;
using FlashPurchase.WebApi.Problems;
using FlashPurchase.WebApi.RateLimiting;
using FlashPurchase.WebApi.Security;
using FlashPurchase.WebApi.Shutdown;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NJsonSchema;
using NJsonSchema.Generation.TypeMappers;
using NSwag;
using NSwag.Generation.Processors.Security;

namespace FlashPurchase.WebApi;

public static class DependencyInjection
{
    /// <summary>A TimeSpan as the API reads and writes it: "[-][d.]hh:mm:ss[.fffffff]", e.g. "01:00:00".</summary>
    private const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    public const string BearerScheme = "Bearer";

    /// <summary>Largest request body accepted: our bodies are one token of a few hundred bytes.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    public static IServiceCollection AddWebApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false; // no "Server: Kestrel": nothing says what runs here
        });
        services.AddControllers()
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(
                new CeilingControllerSwitch(configuration.GetValue<bool>(CeilingController.EnabledKey))))
            .ConfigureApiBehaviorOptions(options =>
            {
                // MVC's own client-error bodies (a 415 for a missing or foreign Content-Type...) would be plain
                // ProblemDetails without our 'code', typed application/json by [Produces]: leave the status bare so
                // that UseStatusCodePages writes our problem document.
                options.SuppressMapClientErrors = true;

                // Malformed JSON, wrong types and missing fields answer the same validation_failed problem as the
                // validators do. Several binder keys name one field ("$" and "request" are both the body): group them.
                options.InvalidModelStateResponseFactory = context => new ErrorResult(Error.Validation(
                    context.ModelState
                        .Where(entry => entry.Value is { Errors.Count: > 0 })
                        .GroupBy(entry => FieldName(entry.Key))
                        .ToDictionary(
                            group => group.Key,
                            group => group
                                .SelectMany(entry => entry.Value!.Errors.Select(e => ReadableMessage(e.ErrorMessage)))
                                .Distinct()
                                .ToArray())));
            });

        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails();
        services.AddBearerAuthentication();
        services.AddRateLimits();
        services.AddTrustedProxies(configuration);
        services.AddShutdownDrain(configuration);

        services.AddOpenApiDocument(document =>
        {
            document.DocumentName = "v1";
            document.Title = "FlashPurchase API";
            document.Version = "v1";
            // The walk-through /docs opens with: each call below carries its own examples.
            document.Description = """
                Flash-sale purchasing: a shopper buys one unit of a sale's product, once, through a queue.

                1. **Account**: `POST /api/auth/register`, then `POST /api/auth/token` for an access token; send it as
                   `Authorization: Bearer <accessToken>` on every call but the account ones, `/api/sales…` and the probes.
                2. **Pick the sale**: `GET /api/sales` (or `GET /api/sales/current`, the one a client that names none means).
                3. **Join the queue** (step 1): `GET /api/queue/enter?saleId=…` answers a queue token and your position.
                4. **Wait for your turn** (step 2): `POST /api/queue/exchange-qt-for-pt` with the queue token answers 202 with
                   `retryAfterSeconds` (also the `Retry-After` header) until the queue worker has converted it, then 200
                   with the purchase token. Polling at that pace is never rate limited.
                5. **Buy** (step 3): `POST /api/shop/purchase` with the purchase token answers 201 with the order; sending it
                   again answers 200 with the same order.

                Every error is an `application/problem+json` document with a stable `code` (`sold_out`, `queue_full`,
                `token_expired`…) to switch on; each call lists the codes it may answer, with an example of each.
                """;
            document.AddSecurity(BearerScheme, new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /api/auth/token.",
            });
            document.OperationProcessors.Add(new AspNetCoreOperationSecurityScopeProcessor(BearerScheme));
            document.OperationProcessors.Add(new OperatorRoleOperationProcessor());
            document.OperationProcessors.Add(new AnonymousOperationProcessor());
            document.OperationProcessors.Add(new ExamplesOperationProcessor());
            document.OperationProcessors.Add(new ProblemContentTypeOperationProcessor());
            document.DocumentProcessors.Add(new IntegratorDocumentProcessor(configuration));
            // A derived body (AdminSaleView) as one schema with all its properties: allOf with additionalProperties
            // false on each part is a schema no instance can satisfy, which validating tools reject.
            document.SchemaSettings.FlattenInheritanceHierarchy = true;
            // A TimeSpan is written "hh:mm:ss" (System.Text.Json), not the ISO 8601 "duration" NJsonSchema would declare.
            document.SchemaSettings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(TimeSpan), schema =>
            {
                schema.Type = JsonObjectType.String;
                schema.Pattern = TimeSpanPattern;
            }));
            document.SchemaSettings.SchemaProcessors.Add(new ProblemCodeSchemaProcessor());
            document.SchemaSettings.SchemaProcessors.Add(new RequiredPropertiesSchemaProcessor());
        });

        services.AddHealthChecks();
        return services;
    }

    // "$.queueToken" and "request" are the binder's names; clients know the field as "queueToken" or the body.
    private static string FieldName(string key) =>
        key.StartsWith("$.", StringComparison.Ordinal) ? key[2..]
        : key is "$" or "" or "request" ? "body"
        : char.ToLowerInvariant(key[0]) + key[1..];

    // The JSON reader's messages name .NET types, paths and byte positions; a client needs a plain sentence.
    private static string ReadableMessage(string message) =>
        message.Contains("Path:", StringComparison.Ordinal) || message.Contains("LineNumber", StringComparison.Ordinal)
            || message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value is not valid JSON of the expected type."
            : message.Contains("request field is required", StringComparison.Ordinal)
                ? "A JSON body is required."
                : message;
}
