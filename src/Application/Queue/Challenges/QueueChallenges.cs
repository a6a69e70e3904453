using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Application.Queue.Challenges;

/// <summary>What checking a <c>Queue-Challenge</c> header found.</summary>
public enum ChallengeVerdict
{
    /// <summary>Ours, unexpired, bound to this shopper and sale, hard enough, and the nonce solves it.</summary>
    Solved,
    Missing,

    /// <summary>Not <c>&lt;challenge&gt;:&lt;nonce&gt;</c> with a challenge of our format.</summary>
    Malformed,

    /// <summary>The MAC does not match: not issued by us, or altered.</summary>
    Forged,
    Expired,
    AnotherShopper,
    AnotherSale,

    /// <summary>Issued for a lower difficulty than the sale asks now (an operator raised it).</summary>
    TooEasy,

    /// <summary>The hash of the solution does not start with enough zero bits.</summary>
    Unsolved,
}

/// <param name="Verdict">What the check found.</param>
/// <param name="ChallengeId">With <see cref="ChallengeVerdict.Solved"/>: the challenge's id, which admits once.</param>
public readonly record struct ChallengeVerification(ChallengeVerdict Verdict, Guid? ChallengeId = null);

/// <summary>
/// Issues and verifies the bot challenges without storing them: a challenge is
/// <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>, the payload binding a format version, a random
/// challenge id, the sale, the shopper, the expiry and the difficulty. Verifying is a MAC and one SHA-256: no database
/// read, so any API instance checks any other's challenges. That a solution admits only once is the admission's part
/// (the challenge id is stored on the place it buys).
/// </summary>
public sealed class QueueChallenges
{
    /// <summary>How long a challenge may be solved and used: long enough for a slow phone, short enough not to hoard.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The longest nonce accepted (a solver's counter needs far fewer characters).</summary>
    public const int MaxNonceLength = 64;

    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 16 + 16 + 8 + 1;
    private const int MacLength = 32;

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    /// <param name="key">At least 256 bits, kept for this purpose alone (derived from the token signing key).</param>
    /// <param name="clock">Tells the expiry.</param>
    public QueueChallenges(byte[] key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 32, nameof(key));
        _key = (byte[])key.Clone();
        _clock = clock;
    }

    public QueueChallenge Issue(Guid saleId, Guid userId, int difficulty)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(difficulty);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(difficulty, byte.MaxValue);
        // Whole seconds: the payload carries Unix seconds, and the expiry shown must be the one checked.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((_clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = Version;
        Guid.NewGuid().TryWriteBytes(payload[1..17]);
        saleId.TryWriteBytes(payload[17..33]);
        userId.TryWriteBytes(payload[33..49]);
        BinaryPrimitives.WriteInt64BigEndian(payload[49..57], expiresAt.ToUnixTimeSeconds());
        payload[57] = (byte)difficulty;
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, payload, mac);
        return new QueueChallenge($"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}", difficulty, expiresAt);
    }

    /// <summary>
    /// Checks a <c>Queue-Challenge</c> header value (<c>&lt;challenge&gt;:&lt;nonce&gt;</c>) for this shopper and sale,
    /// which asks <paramref name="difficulty"/> zero bits now.
    /// </summary>
    public ChallengeVerification Verify(string? solution, Guid saleId, Guid userId, int difficulty)
    {
        if (string.IsNullOrEmpty(solution))
        {
            return new(ChallengeVerdict.Missing);
        }

        var colon = solution.IndexOf(':');
        var dot = solution.IndexOf('.');
        if (colon < 0 || dot < 0 || dot > colon || solution.Length - colon - 1 is 0 or > MaxNonceLength)
        {
            return new(ChallengeVerdict.Malformed);
        }

        var encodedPayload = solution.AsSpan(0, dot);
        var encodedMac = solution.AsSpan(dot + 1, colon - dot - 1);
        // Checked before decoding: the decoder throws on what is not base64url.
        if (!Base64Url.IsValid(encodedPayload, out var payloadLength) || payloadLength != PayloadLength
            || !Base64Url.IsValid(encodedMac, out var macLength) || macLength != MacLength)
        {
            return new(ChallengeVerdict.Malformed);
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        Span<byte> mac = stackalloc byte[MacLength];
        Base64Url.DecodeFromChars(encodedPayload, payload);
        Base64Url.DecodeFromChars(encodedMac, mac);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac) || payload[0] != Version)
        {
            return new(ChallengeVerdict.Forged);
        }

        var challengeId = new Guid(payload[1..17]);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload[49..57]));
        if (_clock.GetUtcNow() >= expiresAt)
        {
            return new(ChallengeVerdict.Expired);
        }

        if (new Guid(payload[33..49]) != userId)
        {
            return new(ChallengeVerdict.AnotherShopper);
        }

        if (new Guid(payload[17..33]) != saleId)
        {
            return new(ChallengeVerdict.AnotherSale);
        }

        int issuedDifficulty = payload[57];
        if (issuedDifficulty < difficulty)
        {
            return new(ChallengeVerdict.TooEasy);
        }

        return ProofOfWork.IsSolved(solution, issuedDifficulty)
            ? new(ChallengeVerdict.Solved, challengeId)
            : new(ChallengeVerdict.Unsolved);
    }
}
