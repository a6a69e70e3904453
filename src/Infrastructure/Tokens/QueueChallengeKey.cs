using System.Security.Cryptography;
using System.Text;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>
/// The key of the bot challenges' MAC, derived from the token signing key (HMAC-SHA256 of a label) so that no new
/// secret has to be configured and every API instance derives the same one, while a challenge can never pass for a
/// token signature or the reverse.
/// </summary>
public static class QueueChallengeKey
{
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("flashpurchase/queue-challenge/v1");

    public static byte[] Derive(TokenOptions options) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey), Label);
}
