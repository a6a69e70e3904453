using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using Mediator;

namespace FlashPurchase.Application.Accounts.IssueAccessToken;

public sealed class IssueAccessTokenHandler(
    IUserRepository users, IPasswordHasher hasher, ITokenService tokens, ILoginThrottle throttle)
    : ICommandHandler<IssueAccessTokenCommand, Result<IssuedAccessToken>>
{
    public async ValueTask<Result<IssuedAccessToken>> Handle(IssueAccessTokenCommand command, CancellationToken cancellationToken)
    {
        // First, before anything that differs between a username with an account and one without: a refused attempt
        // gets the same answer, as fast, either way.
        var admission = await throttle.AdmitAsync(
            new LoginAttempt(UsernameRules.Key(command.Username), command.ClientAddress), cancellationToken);
        if (!admission.IsAdmitted)
        {
            return DomainErrors.TooManyLoginAttempts(admission.RetryAfter);
        }

        // A name no account can have is not looked up: a collation could match "alice " to alice under another key.
        var user = UsernameRules.IsWellFormed(command.Username)
            ? await users.FindByUsernameAsync(command.Username, cancellationToken)
            : null;
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

        await throttle.SucceededAsync(admission, cancellationToken);
        var token = tokens.IssueAccessToken(user);
        return new IssuedAccessToken(token.Token, "Bearer", token.ExpiresAt);
    }
}
