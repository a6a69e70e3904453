using FlashPurchase.Application.Abstractions;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>
/// What tells the three kinds of token apart: each has its own audience and its own <c>typ</c> header, and each is
/// validated against exactly one of them, so none is accepted in another's place.
/// </summary>
public static class TokenKinds
{
    public static string Audience(TokenKind kind) => kind switch
    {
        TokenKind.Access => "flashpurchase-api",
        TokenKind.Queue => "flashpurchase-queue",
        TokenKind.Purchase => "flashpurchase-purchase",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Type(TokenKind kind) => kind switch
    {
        TokenKind.Access => "at+jwt",
        TokenKind.Queue => "qt+jwt",
        TokenKind.Purchase => "pt+jwt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
