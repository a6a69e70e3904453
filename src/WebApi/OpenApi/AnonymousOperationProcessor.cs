using Microsoft.AspNetCore.Authorization;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// An explicit security requirement on the calls that need no access token, so that a reader (and a linter) sees they
/// are anonymous on purpose rather than undocumented: <c>security: [{}]</c>, the one requirement that any request meets.
/// The others get the bearer scheme from NSwag's security-scope processor.
/// </summary>
/// <remarks>
/// <c>security: []</c> would say the same, but NSwag's serializer drops an empty collection, and a same-named extension
/// property too (RicoSuter/NSwag#2357).
/// </remarks>
public sealed class AnonymousOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context.AttributesOf<AllowAnonymousAttribute>().Any() || !context.AttributesOf<AuthorizeAttribute>().Any())
        {
            context.OperationDescription.Operation.Security = [new OpenApiSecurityRequirement()];
        }

        return true;
    }
}
