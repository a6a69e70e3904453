using FluentValidation;

namespace FlashPurchase.Application.Accounts.Register;

public sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public RegisterValidator()
    {
        // \z, not $: in .NET "$" also matches before a final "\n", which would let "alice\n" through.
        RuleFor(c => c.Username)
            .NotEmpty()
            .Length(3, 64)
            .Matches(@"^[A-Za-z0-9_.-]+\z").WithMessage("Username may contain only letters, digits, '_', '.' and '-'.");
        RuleFor(c => c.Password).NotEmpty().Length(8, 128);
    }
}
