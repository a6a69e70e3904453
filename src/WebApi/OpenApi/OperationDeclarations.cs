using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using NSwag;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>What an action declares through its attributes and its controller's, as the operation processors read it.</summary>
internal static class OperationDeclarations
{
    /// <summary>The attributes of this kind on the action and on its controller.</summary>
    public static IEnumerable<TAttribute> AttributesOf<TAttribute>(this OperationProcessorContext context)
        where TAttribute : Attribute =>
        context.MethodInfo.GetCustomAttributes<TAttribute>(inherit: true)
            .Concat(context.ControllerType.GetCustomAttributes<TAttribute>(inherit: true));

    /// <summary>Each answer the action declares (<c>[ProducesResponseType]</c>) with its response in the document.</summary>
    public static IEnumerable<(ProducesResponseTypeAttribute Declared, OpenApiResponse Response)> DeclaredResponses(
        this OperationProcessorContext context)
    {
        var responses = context.OperationDescription.Operation.Responses;
        foreach (var declared in context.AttributesOf<ProducesResponseTypeAttribute>())
        {
            if (responses.TryGetValue(declared.StatusCode.ToString(CultureInfo.InvariantCulture), out var response))
            {
                yield return (declared, response);
            }
        }
    }
}
