using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Accounts.IssueAccessToken;

public sealed class IssueAccessTokenHandler(IUserRepository users, IPasswordHasher hasher, ITokenService tokens)
    : ICommandHandler<IssueAccessTokenCommand, Result<IssuedAccessToken>>
{
    public async ValueTask<Result<IssuedAccessToken>> Handle(IssueAccessTokenCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByUsernameAsync(command.Username, cancellationToken);
        if (user is null)
        {
            // Same answer, and about the same time, as a wrong password: no telling which usernames exist.
            hasher.SimulateVerify(command.Password);
            return DomainErrors.InvalidCredentials;
        }

        if (!hasher.Verify(user.PasswordHash, command.Password))
        {
            return DomainErrors.InvalidCredentials;
        }

        var token = tokens.IssueAccessToken(user);
        return new IssuedAccessToken(token.Token, "Bearer", token.ExpiresAt);
    }
}
