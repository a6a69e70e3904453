using FluentValidation.Results;

namespace FlashPurchase.Application.Behaviors;

/// <summary>A validator's failures as a problem document's <c>errors</c>: the messages of each field, by camelCase name.</summary>
public static class FieldErrors
{
    /// <summary>Adds the failures to <paramref name="errors"/> (created when null) and returns it.</summary>
    public static Dictionary<string, string[]> Add(Dictionary<string, string[]>? errors, IEnumerable<ValidationFailure> failures)
    {
        errors ??= [];
        foreach (var group in failures.GroupBy(e => ToCamelCase(e.PropertyName)))
        {
            errors[group.Key] = [.. errors.GetValueOrDefault(group.Key, []), .. group.Select(e => e.ErrorMessage)];
        }

        return errors;
    }

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
