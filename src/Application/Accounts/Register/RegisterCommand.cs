using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Accounts.Register;

public sealed record RegisterCommand(string Username, string Password) : ICommand<Result<RegisteredUser>>;

public sealed record RegisteredUser(Guid UserId, string Username);
