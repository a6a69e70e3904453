using System.Text.Json;
using FlashPurchase.WebApi.Problems;
using Newtonsoft.Json.Linq;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// Puts <see cref="OperationExamples"/> in the document: an example of the request body, of each success answer, and
/// of each problem answer under its code (enter's 409 shows sold_out, queue_full, queue_paused…), written as the API
/// writes JSON. Runs after the security processors, whose requirements say which refusals a call may get.
/// </summary>
public sealed class ExamplesOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        var name = $"{context.ControllerType.Name.Replace("Controller", "", StringComparison.Ordinal)}_{context.MethodInfo.Name}";

        if (operation.RequestBody is { } body
            && context.MethodInfo.GetParameters().Select(p => p.ParameterType).FirstOrDefault(OperationExamples.Bodies.ContainsKey) is { } bodyType)
        {
            foreach (var media in body.Content.Values)
            {
                media.Example = ToJson(OperationExamples.Bodies[bodyType]);
            }
        }

        var needsToken = operation.Security?.Any(requirement => requirement.Count > 0) == true;
        var operatorOnly = operation.ExtensionData?.ContainsKey(OperatorRoleOperationProcessor.Extension) == true;
        foreach (var (answer, response) in context.DeclaredResponses())
        {
            foreach (var media in response.Content.Values)
            {
                if (answer.Type == typeof(ApiProblem))
                {
                    foreach (var problem in OperationExamples.ProblemsOf(name, answer.StatusCode, needsToken, operatorOnly))
                    {
                        media.Examples[problem.Code] = new OpenApiExample { Summary = problem.Title, Value = ToJson(problem) };
                    }
                }
                else if (ExampleOf(answer.Type) is { } example)
                {
                    media.Example = ToJson(example);
                }
            }
        }

        return true;
    }

    /// <summary>The example of a body type, or a one-item list of its element type's example for a list.</summary>
    private static object? ExampleOf(Type type)
    {
        if (OperationExamples.Bodies.TryGetValue(type, out var example))
        {
            return example;
        }

        var element = type.IsArray ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is not null && OperationExamples.Bodies.TryGetValue(element, out var item) ? new[] { item } : null;
    }

    /// <summary>As the API writes it (System.Text.Json, web defaults), in the form NSwag's serializer writes back.</summary>
    private static JToken ToJson(object value) =>
        JToken.Parse(JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Web));
}
