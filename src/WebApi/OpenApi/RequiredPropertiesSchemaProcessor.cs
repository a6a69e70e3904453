using NJsonSchema;
using NJsonSchema.Generation;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// Marks every property that cannot be null as <c>required</c>. The API's JSON writes every property of its bodies
/// (only a problem document's optional members are left out when null, and those are nullable), so a property that
/// cannot be null is always there; without this, generators other than NSwag make every field optional
/// (<c>orderId?: string</c>) and an integrator must check each one. Request bodies say the same: a field that cannot
/// be null must be sent, and a PATCH's fields, all nullable, stay optional.
/// </summary>
public sealed class RequiredPropertiesSchemaProcessor : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        // ActualProperties: a derived type's own properties sit in an inline allOf part, next to its base type's reference.
        foreach (var property in context.Schema.ActualProperties.Values)
        {
            if (!property.IsNullable(SchemaType.OpenApi3))
            {
                property.IsRequired = true;
            }
        }
    }
}
