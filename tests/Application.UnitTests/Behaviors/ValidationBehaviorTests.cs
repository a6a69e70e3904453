using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.Register;
using FlashPurchase.Application.Behaviors;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FluentValidation;

namespace FlashPurchase.Application.UnitTests.Behaviors;

public sealed class ValidationBehaviorTests
{
    private static readonly Result<RegisteredUser> HandlerAnswer = new RegisteredUser(Guid.NewGuid(), "alice");

    private int _nextCalls;

    private ValueTask<Result<RegisteredUser>> Next(RegisterCommand message, CancellationToken cancellationToken)
    {
        _nextCalls++;
        return ValueTask.FromResult(HandlerAnswer);
    }

    private Task<Result<RegisteredUser>> Handle(RegisterCommand message, params IValidator<RegisterCommand>[] validators) =>
        new ValidationBehavior<RegisterCommand, Result<RegisteredUser>>(validators).Handle(message, Next, default).AsTask();

    [Fact]
    public async Task Handle_AnInvalidMessage_AnswersValidationFailedKeyedByCamelCaseFieldWithoutCallingTheHandler()
    {
        var result = await Handle(new RegisterCommand("x", "short"), new RegisterValidator());

        var errors = result.ShouldFailWith(ErrorCodes.ValidationFailed).FieldErrors;
        errors.Should().NotBeNull();
        errors!.Keys.Should().BeEquivalentTo("username", "password");
        errors["username"].Should().NotBeEmpty();
        _nextCalls.Should().Be(0);
    }

    [Fact]
    public async Task Handle_AValidMessage_CallsTheHandlerAndReturnsItsAnswer()
    {
        var result = await Handle(new RegisterCommand("alice", "correct horse"), new RegisterValidator());

        result.Should().BeSameAs(HandlerAnswer);
        _nextCalls.Should().Be(1);
    }

    // Two validators for one message must add up, not overwrite each other's messages for a shared field.
    [Fact]
    public async Task Handle_WithSeveralValidators_GathersEveryMessageForAField()
    {
        var result = await Handle(new RegisterCommand("x", "correct horse"), new RegisterValidator(), new AlwaysRefusingUsernameValidator());

        var errors = result.ShouldFailWith(ErrorCodes.ValidationFailed).FieldErrors!;
        errors["username"].Should().Contain(AlwaysRefusingUsernameValidator.Message).And.HaveCountGreaterThan(1);
    }

    private sealed class AlwaysRefusingUsernameValidator : AbstractValidator<RegisterCommand>
    {
        public const string Message = "Refused by the second validator.";

        public AlwaysRefusingUsernameValidator() => RuleFor(c => c.Username).Must(_ => false).WithMessage(Message);
    }
}
