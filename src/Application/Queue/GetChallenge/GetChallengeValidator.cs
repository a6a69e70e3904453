using FluentValidation;

namespace FlashPurchase.Application.Queue.GetChallenge;

public sealed class GetChallengeValidator : AbstractValidator<GetChallengeQuery>
{
    public GetChallengeValidator() => RuleFor(q => q.UserId).NotEmpty();
}
