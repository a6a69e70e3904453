using FluentValidation;

namespace FlashPurchase.Application.Accounts.Register;

public sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public RegisterValidator()
    {
        RuleFor(c => c.Username)
            .NotEmpty()
            .Length(3, 64)
            .Matches("^[A-Za-z0-9_.-]+$").WithMessage("Username may contain only letters, digits, '_', '.' and '-'.");
        RuleFor(c => c.Password).NotEmpty().Length(8, 128);
    }
}
