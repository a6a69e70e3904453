using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using Mediator;

namespace FlashPurchase.Application.Accounts.Register;

public sealed class RegisterHandler(IUserRepository users, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<RegisterCommand, Result<RegisteredUser>>
{
    public async ValueTask<Result<RegisteredUser>> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var user = User.Register(command.Username, hasher.Hash(command.Password), clock.GetUtcNow());
        return await users.TryAddAsync(user, cancellationToken)
            ? new RegisteredUser(user.Id, user.Username)
            : DomainErrors.UsernameTaken;
    }
}
