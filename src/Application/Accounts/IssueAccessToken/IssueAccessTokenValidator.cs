using FluentValidation;

namespace FlashPurchase.Application.Accounts.IssueAccessToken;

public sealed class IssueAccessTokenValidator : AbstractValidator<IssueAccessTokenCommand>
{
    public IssueAccessTokenValidator()
    {
        // Only shape limits: whether the pair is right is the handler's answer (invalid_credentials).
        RuleFor(c => c.Username).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(128);

        // Set by the API, not the client: empty would be a bug, and would pool every client under one address.
        RuleFor(c => c.ClientAddress).NotEmpty();
    }
}
