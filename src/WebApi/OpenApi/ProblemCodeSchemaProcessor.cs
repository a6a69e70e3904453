using System.Reflection;
using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Problems;
using NJsonSchema.Generation;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// Declares <see cref="ApiProblem.Code"/> as the closed set of <see cref="ErrorCodes"/> and <see cref="HttpErrorCodes"/>,
/// so that generated clients get a type a caller can switch on (in TypeScript, a union of string literals) instead of a
/// bare string.
/// </summary>
public sealed class ProblemCodeSchemaProcessor : ISchemaProcessor
{
    private static readonly string[] Codes = [.. ConstantsOf(typeof(ErrorCodes)), .. ConstantsOf(typeof(HttpErrorCodes))];

    private static IEnumerable<string> ConstantsOf(Type type) => type
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!);

    public void Process(SchemaProcessorContext context)
    {
        if (context.ContextualType.Type != typeof(ApiProblem)
            || !context.Schema.Properties.TryGetValue("code", out var code))
        {
            return;
        }

        foreach (var value in Codes)
        {
            code.Enumeration.Add(value);
        }
    }
}
