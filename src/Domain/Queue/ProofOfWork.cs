using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace FlashPurchase.Domain.Queue;

/// <summary>
/// The bot challenge's work: SHA-256 of the UTF-8 of <c>&lt;challenge&gt;:&lt;nonce&gt;</c> must start with
/// <c>difficulty</c> zero bits. Finding a nonce takes about 2^difficulty hashes; checking one takes one.
/// </summary>
public static class ProofOfWork
{
    /// <summary>How many zero bits <paramref name="hash"/> starts with, counted from the first byte's high bit.</summary>
    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            return bits + (System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24);
        }

        return bits;
    }

    /// <summary>True when SHA-256 of the UTF-8 of <paramref name="solution"/> starts with <paramref name="difficulty"/> zero bits.</summary>
    public static bool IsSolved(string solution, int difficulty)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (difficulty <= 0)
        {
            return true;
        }

        var length = Encoding.UTF8.GetByteCount(solution);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(solution, rented);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            return LeadingZeroBits(hash) >= difficulty;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
