using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Accounts.IssueAccessToken;

public sealed record IssueAccessTokenCommand(string Username, string Password) : ICommand<Result<IssuedAccessToken>>;

public sealed record IssuedAccessToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
