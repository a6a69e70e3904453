using System.Diagnostics;
using FlashPurchase.Application.Abstractions;

namespace FlashPurchase.Bench;

/// <summary>
/// What a purchase token's ES256 signature costs against the HS256 that queue tokens keep (and purchase tokens had):
/// sign and verify through the product's own token service, on one thread, after a warm-up; the median of five
/// rounds. No HTTP, no database: the cryptography and the JWT handling around it alone.
/// </summary>
internal static class TokenCost
{
    private const int Rounds = 5;

    public static async Task<object> MeasureAsync(ITokenService tokens, int perRound, TextWriter progress)
    {
        var figures = new Dictionary<string, object>();
        foreach (var (name, kind) in new[] { ("hs256QueueToken", TokenKind.Queue), ("es256PurchaseToken", TokenKind.Purchase) })
        {
            await RoundAsync(tokens, kind, Math.Max(perRound / 10, 100)); // JIT, key caches
            var rounds = new List<(double Sign, double Verify, int Length)>();
            for (var round = 0; round < Rounds; round++)
            {
                rounds.Add(await RoundAsync(tokens, kind, perRound));
            }

            var sign = Median(rounds.Select(r => r.Sign));
            var verify = Median(rounds.Select(r => r.Verify));
            progress.WriteLine($"[token-cost] {name}: sign {sign:F1} µs, verify {verify:F1} µs, {rounds[0].Length} characters");
            figures[name] = new
            {
                signMicroseconds = sign,
                verifyMicroseconds = verify,
                signAndVerifyPerSecondOnOneCore = 1_000_000 / (sign + verify),
                tokenCharacters = rounds[0].Length,
            };
        }

        return new { tokensPerRound = perRound, rounds = Rounds, figures };
    }

    private static async Task<(double Sign, double Verify, int Length)> RoundAsync(ITokenService tokens, TokenKind kind, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = Enumerable.Range(0, count)
            .Select(_ => new SaleTokenClaims(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), now, now.AddHours(1)))
            .ToArray();
        var signed = new string[count];

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            signed[i] = tokens.SignSaleToken(kind, claims[i]);
        }

        var signing = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            // A token that did not verify would make the figure meaningless: fail rather than report it.
            _ = await tokens.ReadSaleTokenAsync(kind, signed[i]) ?? throw new InvalidOperationException($"A {kind} token did not verify.");
        }

        var verifying = Stopwatch.GetElapsedTime(started);
        return (signing.TotalMicroseconds / count, verifying.TotalMicroseconds / count, signed[0].Length);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
