using FlashPurchase.WebApi.Problems;
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
        foreach (var (declared, response) in context.DeclaredResponses())
        {
            if (declared.Type == typeof(ApiProblem) && response.Content.Remove("application/json", out var media))
            {
                response.Content[ProblemWriter.ContentType] = media;
            }
        }

        return true;
    }
}
