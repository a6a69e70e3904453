using FlashPurchase.Domain.Users;
using FlashPurchase.WebApi.Authentication;
using Microsoft.AspNetCore.Authorization;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// Says in the document which calls need the operator's role: a sentence in the description that people read, and
/// <c>x-required-role</c> that tools read. The bearer scheme alone says only that some access token is needed.
/// </summary>
public sealed class OperatorRoleOperationProcessor : IOperationProcessor
{
    public const string Extension = "x-required-role";

    public bool Process(OperationProcessorContext context)
    {
        if (context.AttributesOf<AuthorizeAttribute>().Any(a => a.Policy == BearerAuthentication.OperatorPolicy))
        {
            var operation = context.OperationDescription.Operation;
            operation.ExtensionData ??= new Dictionary<string, object?>();
            operation.ExtensionData[Extension] = Roles.Admin;
            operation.Description = string.Join(" ", new[]
            {
                operation.Description,
                $"Requires an access token with the '{Roles.Admin}' role: 401 unauthorized without one, 403 forbidden for a shopper's.",
            }.Where(text => !string.IsNullOrEmpty(text)));
        }

        return true;
    }
}
