using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Application.UnitTests.Queue.Challenges;

/// <summary>What a shopper's browser does, in C#: tries nonces 0, 1, 2... until one solves the challenge.</summary>
internal static class ChallengeSolving
{
    public static string Solve(string challenge, int difficulty)
    {
        for (var nonce = 0L; ; nonce++)
        {
            var solution = $"{challenge}:{nonce}";
            if (ProofOfWork.IsSolved(solution, difficulty))
            {
                return solution;
            }
        }
    }

    /// <summary>A nonce that does NOT solve it (at a difficulty of 8 or more, one is found within a few tries).</summary>
    public static string Fail(string challenge, int difficulty)
    {
        for (var nonce = 0L; ; nonce++)
        {
            var solution = $"{challenge}:{nonce}";
            if (!ProofOfWork.IsSolved(solution, difficulty))
            {
                return solution;
            }
        }
    }
}
