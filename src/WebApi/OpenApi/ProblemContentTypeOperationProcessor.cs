using System.Globalization;
using System.Reflection;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Mvc;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// Declares refusals with the media type the API sends them in, <c>application/problem+json</c>: the controllers'
/// <c>[Produces("application/json")]</c> makes NSwag list every answer as <c>application/json</c>, whatever the
/// <c>[ProducesResponseType]</c> of a problem says.
/// </summary>
public sealed class ProblemContentTypeOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        var problems = context.MethodInfo.GetCustomAttributes<ProducesResponseTypeAttribute>(inherit: true)
            .Concat(context.ControllerType.GetCustomAttributes<ProducesResponseTypeAttribute>(inherit: true))
            .Where(answer => answer.Type == typeof(ApiProblem));
        foreach (var answer in problems)
        {
            if (operation.Responses.TryGetValue(answer.StatusCode.ToString(CultureInfo.InvariantCulture), out var response)
                && response.Content.Remove("application/json", out var media))
            {
                response.Content[ProblemWriter.ContentType] = media;
            }
        }

        return true;
    }
}
