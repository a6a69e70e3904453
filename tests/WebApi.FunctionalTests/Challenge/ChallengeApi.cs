using FlashPurchase.Domain.Queue;
using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Challenge;

/// <summary>GET /api/queue/challenge's answer, and the members a 428 challenge_required adds to its problem.</summary>
public sealed record ChallengeBody(string Challenge, int Difficulty, DateTimeOffset ExpiresAt);

/// <summary>The bot challenge as a shopper's client meets it: ask, solve (in C#, as the browser does in JS), send.</summary>
public static class ChallengeApi
{
    public const string Header = "Queue-Challenge";

    public static async Task<ApiResponse<ChallengeBody>> GetChallengeAsync(this FlashPurchaseClient api, Shopper shopper, Guid? saleId) =>
        new(await api.SendRawAsync(
            HttpMethod.Get, saleId is { } id ? $"/api/queue/challenge?saleId={id}" : "/api/queue/challenge", accessToken: shopper.AccessToken));

    /// <summary>Enter with <paramref name="solution"/> in the Queue-Challenge header (none when null).</summary>
    public static async Task<ApiResponse<QueueTicketBody>> EnterWithAsync(
        this FlashPurchaseClient api, Shopper shopper, Guid saleId, string? solution) =>
        new(await api.SendRawAsync(HttpMethod.Get, $"/api/queue/enter?saleId={saleId}", accessToken: shopper.AccessToken,
            configure: request =>
            {
                if (solution is not null)
                {
                    request.Headers.TryAddWithoutValidation(Header, solution);
                }
            }));

    /// <summary>Tries nonces 0, 1, 2... until one solves the challenge.</summary>
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

    /// <summary>A nonce that does not solve it (at a difficulty of 8, the first or second try).</summary>
    public static string WrongNonce(string challenge, int difficulty)
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

    /// <summary>Asks a challenge for the shopper and sale, and solves it.</summary>
    public static async Task<string> SolvedChallengeAsync(this FlashPurchaseClient api, Shopper shopper, Guid saleId)
    {
        var issued = await api.GetChallengeAsync(shopper, saleId);
        issued.StatusCode.Should().Be(200, "{0}", issued);
        return Solve(issued.Value.Challenge, issued.Value.Difficulty);
    }

    /// <summary>A 428 challenge_required, and the fresh challenge it carries.</summary>
    public static ChallengeBody ShouldAskForAChallenge(this ApiResponse response, int difficulty, DateTimeOffset now)
    {
        response.ShouldBeProblem(428, "challenge_required");
        var fresh = response.As<ChallengeBody>();
        fresh.Challenge.Should().NotBeNullOrEmpty("the refusal carries a fresh challenge: {0}", response);
        fresh.Difficulty.Should().Be(difficulty);
        fresh.ExpiresAt.Should().BeCloseTo(now + TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2));
        return fresh;
    }

    /// <summary>Creates a sale open now, for a day, asking challenges of <paramref name="difficulty"/>.</summary>
    public static async Task<Guid> CreateChallengeSaleAsync(this AdminClient admin, DateTimeOffset now, int difficulty)
    {
        var body = SaleRequests.Create(SaleRequests.WholeSeconds(now).AddMinutes(-1), TimeSpan.FromDays(1), stock: 100);
        body["challengeDifficulty"] = difficulty;
        var created = await admin.CreateSaleAsync(body);
        created.StatusCode.Should().Be(201, "{0}", created);
        return created.Value.SaleId;
    }
}
