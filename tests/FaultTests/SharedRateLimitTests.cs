using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Two API processes sharing their rate limits over a Redis of the test's own. A shopper's enter burst spread over
/// both is the burst of one; Redis stopped mid-sale: every request is still answered, each API counting in its own
/// memory (so each admits its own burst), and each says so in its log; Redis started again: the limits are shared once
/// more, without a restart. The same when Redis hangs instead (SIGSTOP): no request waits more than a short timeout.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SharedRateLimitTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Burst = 5;
    private const int Requests = 2 * Burst + 2;
    private const string KeyPrefix = "fault:";

    [Fact(Timeout = 180_000)]
    public async Task TwoApisOverOneRedis_ShareTheEnterBurst_CountAloneWhileRedisIsDownOrHangs_AndShareAgainOnceItIsBack()
    {
        await using var redis = await PrivateRedis.StartAsync(
            Path.Combine(services.LogDirectory, nameof(SharedRateLimitTests), "redis"), services.RunMarker);
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 100, new Dictionary<string, string?>
        {
            ["RateLimiting__Enabled"] = "true",
            ["RateLimiting__Enter__Burst"] = $"{Burst}",
            ["RateLimiting__Enter__RefillCount"] = "1",
            ["RateLimiting__Enter__RefillPeriod"] = "00:10:00",
            // Every request comes from 127.0.0.1: the per-address limit must not be the one that refuses.
            ["RateLimiting__QueuePerAddress__Burst"] = "100000",
            ["RateLimiting__QueuePerAddress__RefillCount"] = "100000",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Redis__KeyPrefix"] = KeyPrefix,
        });
        var processes = new[] { await stack.StartApiAsync(), await stack.StartApiAsync() };
        var apis = processes.Select(p => stack.Client(p)).ToArray();
        try
        {
            var shoppers = await stack.SeedShoppersAsync(5, "limited");

            // Shared: one burst, whichever API each request goes to.
            (await AdmittedAsync(apis, shoppers[0])).Should().Be(Burst, "both APIs take from one bucket in Redis");

            // Redis down: nothing fails, each API decides alone, as without Redis.
            await redis.StopServerAsync();
            stack.Log("redis stopped");
            (await AdmittedAsync(apis, shoppers[1])).Should().Be(2 * Burst, "each API admits its own burst while Redis is down");
            foreach (var process in processes)
            {
                await FaultStack.WaitForAsync(() => Task.FromResult(File.ReadAllText(process.Child.LogPath)),
                    log => log.Contains("Redis is unreachable", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
                    $"{process} to log that it counts alone");
            }

            // Redis back: shared again once each API's connection is back.
            await redis.StartServerAsync();
            stack.Log("redis started again");
            await WaitUntilSharedAsync(stack, redis, apis);
            (await AdmittedAsync(apis, shoppers[2])).Should().Be(Burst, "the limits are shared again");

            // Redis hangs (its port open, nothing answered): each request waits one short timeout at most, then the
            // API counts alone for a second; once Redis answers, shared again.
            await redis.FreezeAsync();
            stack.Log("redis frozen");
            (await AdmittedAsync(apis, shoppers[3])).Should().Be(2 * Burst, "each API admits its own burst while Redis hangs");
            await redis.ResumeAsync();
            stack.Log("redis resumed");
            await WaitUntilSharedAsync(stack, redis, apis);
            (await AdmittedAsync(apis, shoppers[4])).Should().Be(Burst, "the limits are shared again");
        }
        finally
        {
            foreach (var api in apis)
            {
                api.Dispose();
            }
        }
    }

    /// <summary>Until each API takes from Redis again: a probe shopper's enter there leaves its bucket in Redis.</summary>
    private static async Task WaitUntilSharedAsync(FaultStack stack, PrivateRedis redis, IEnumerable<ApiClient> apis)
    {
        foreach (var api in apis)
        {
            await FaultStack.WaitForAsync(async () =>
                {
                    var probe = (await stack.SeedShoppersAsync(1, "probe"))[0];
                    var answer = await api.EnterAsync(probe);
                    answer.Status.Should().Be(200, "{0}", answer);
                    return await redis.CommandAsync("EXISTS", $"{KeyPrefix}rate:Enter:{probe.UserId}");
                },
                exists => exists == "1", TimeSpan.FromSeconds(30), $"{api.BaseAddress} to take from Redis again", TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>
    /// <see cref="Requests"/> enters of <paramref name="shopper"/>, in turn to each API: how many were admitted. Every
    /// one must be answered, quickly, with 200 or 429 and its Retry-After; the refusals all come after the admissions.
    /// </summary>
    private async Task<int> AdmittedAsync(IReadOnlyList<ApiClient> apis, Shopper shopper)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < Requests; i++)
        {
            answers.Add(await apis[i % apis.Count].EnterAsync(shopper));
        }

        output.WriteLine($"{shopper}: {string.Join(", ", answers.Select(a => $"{a.Status} ({a.Elapsed.TotalMilliseconds:F0} ms)"))}");
        answers.Should().OnlyContain(a => a.Status == 200 || (a.Status == 429 && a.Code == "rate_limited" && a.RetryAfterSeconds >= 1),
            "no request fails because of Redis: {0}", string.Join("\n", answers));
        answers.Should().OnlyContain(a => a.Elapsed < TimeSpan.FromSeconds(3), "an unreachable Redis costs a request a short timeout at most");
        var admitted = answers.Count(a => a.Status == 200);
        answers.Skip(admitted).Should().OnlyContain(a => a.Status == 429, "a burst, then refusals");
        return admitted;
    }
}
