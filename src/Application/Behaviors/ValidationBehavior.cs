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

    // The container hands an array; anything else is copied once, so the loop below needs no enumerator.
    private readonly IValidator<TMessage>[] _validators = validators as IValidator<TMessage>[] ?? [.. validators];

    // Every request passes here: a message without validators (the sale reads) goes straight on, and a valid one
    // allocates nothing beyond its validators' own results.
    public ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        _validators.Length == 0 ? next(message, cancellationToken) : ValidateThenHandleAsync(message, next, cancellationToken);

    private async ValueTask<TResponse> ValidateThenHandleAsync(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (result.IsValid)
            {
                continue;
            }

            errors = FieldErrors.Add(errors, result.Errors);
        }

        return errors is null ? await next(message, cancellationToken) : Fail(Error.Validation(errors));
    }

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
