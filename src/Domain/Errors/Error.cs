namespace FlashPurchase.Domain.Errors;

/// <summary>
/// An expected refusal: a stable machine-readable <see cref="Code"/> (see <see cref="ErrorCodes"/>), one sentence a
/// shopper can read, and optional extra members (for example <c>opensAt</c>) that travel into the problem document.
/// Refusals are values, not exceptions: in a flash sale "sold out" happens thousands of times a second.
/// </summary>
public sealed record Error(string Code, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Error Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(ErrorCodes.ValidationFailed, "One or more fields are invalid.",
            new Dictionary<string, object?> { ["errors"] = errors });
}
