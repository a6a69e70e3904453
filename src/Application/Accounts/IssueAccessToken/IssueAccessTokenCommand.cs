using FlashPurchase.Application.Abstractions;
using Mediator;

namespace FlashPurchase.Application.Accounts.IssueAccessToken;

/// <param name="Username">As the client wrote it.</param>
/// <param name="Password">As the client wrote it.</param>
/// <param name="ClientAddress">
/// Where the attempt comes from, as the per-address limits count it: set by the API from the connection (or a trusted
/// proxy's X-Forwarded-For), never from the request body.
/// </param>
public sealed record IssueAccessTokenCommand(string Username, string Password, string ClientAddress)
    : ICommand<Result<IssuedAccessToken>>;

public sealed record IssuedAccessToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
