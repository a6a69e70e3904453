using System.Reflection;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FluentValidation;
using Mediator;

namespace FlashPurchase.Application.Behaviors;

/// <summary>
/// Runs the message's validators before its handler. An invalid message answers a <c>validation_failed</c> result,
/// not an exception: bad input is expected and frequent.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    // Every message answers Result<T>; built once per response type, not per request.
    private static readonly Func<Error, TResponse> Fail = BuildFailureFactory();

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var group in result.Errors.GroupBy(e => ToCamelCase(e.PropertyName)))
            {
                errors[group.Key] = [.. errors.GetValueOrDefault(group.Key, []), .. group.Select(e => e.ErrorMessage)];
            }
        }

        return errors.Count == 0 ? await next(message, cancellationToken) : Fail(Error.Validation(errors));
    }

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static Func<Error, TResponse> BuildFailureFactory()
    {
        var type = typeof(TResponse);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Result<>))
        {
            return _ => throw new InvalidOperationException($"{typeof(TMessage).Name} must answer a Result<T> to be validated.");
        }

        var failure = type.GetMethod(nameof(Result<object>.Failure), BindingFlags.Public | BindingFlags.Static)!;
        return failure.CreateDelegate<Func<Error, TResponse>>();
    }
}
