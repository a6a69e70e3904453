using System.Globalization;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.RateLimiting;

/// <summary>Settings and helpers of the rate limit tests: small limits, turned on (the test hosts run without).</summary>
public static class RateLimitSettings
{
    /// <summary>Rate limits on, and the given buckets; every other bucket so large it never refuses.</summary>
    public static Dictionary<string, string?> With(params (string Bucket, int Burst, int RefillCount, TimeSpan RefillPeriod)[] buckets)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true",
            ["FlashSale:Stock"] = "1000",
            ["FlashSale:Duration"] = "1.00:00:00",
        };
        foreach (var name in new[] { "Enter", "Exchange", "QueuePerAddress", "AccountsPerAddress" })
        {
            Set(settings, name, 100_000, 100_000, TimeSpan.FromSeconds(1));
        }

        foreach (var (bucket, burst, refillCount, refillPeriod) in buckets)
        {
            Set(settings, bucket, burst, refillCount, refillPeriod);
        }

        return settings;
    }

    private static void Set(Dictionary<string, string?> settings, string bucket, int burst, int refillCount, TimeSpan refillPeriod)
    {
        settings[$"RateLimiting:{bucket}:Burst"] = burst.ToString(CultureInfo.InvariantCulture);
        settings[$"RateLimiting:{bucket}:RefillCount"] = refillCount.ToString(CultureInfo.InvariantCulture);
        settings[$"RateLimiting:{bucket}:RefillPeriod"] = refillPeriod.ToString("c", CultureInfo.InvariantCulture);
    }

    /// <summary>Asserts the refusal of a rate limit: 429 rate_limited, Retry-After in whole seconds, the same in the body.</summary>
    public static Problem ShouldBeRateLimited(this ApiResponse response, int maxRetryAfterSeconds)
    {
        var problem = response.ShouldBeProblem(429, "rate_limited");
        response.RetryAfterSeconds.Should().BeInRange(1, maxRetryAfterSeconds, "a refusal says when to come back; got {0}", response);
        problem.RetryAfterSeconds.Should().Be(response.RetryAfterSeconds, "the body repeats the Retry-After header");
        return problem;
    }

    /// <summary>Sends as if from <paramref name="address"/> (see <see cref="ClientAddressFromHeader"/>).</summary>
    public static Action<HttpRequestMessage> From(string address) =>
        request => request.Headers.Add(ClientAddressFromHeader.Header, address);
}
