using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Nobody can lock a shopper out, on a real API process behind a trusted proxy (the test itself, on 127.0.0.1, writing
/// X-Forwarded-For as a proxy would): an attacker "at 127.0.0.2" failing the owner's password a hundred times is held
/// back at that address only, the owner logs in "from 127.0.0.3"; a sprayer rotating addresses over the one username is
/// slowed by a growing delay, which does not apply to the owner's own address.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class LoginLockoutTests(PrivateServices services, ITestOutputHelper output)
{
    private const string Password = "correct-horse-battery";
    private const int UsernameWideThreshold = 10;

    [Fact(Timeout = 180_000)]
    public async Task AHundredFailuresFromOneAddress_DoNotLockTheOwnerOut_AndASprayerIsSlowedWithAGrowingDelay()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: 10, overrides: new Dictionary<string, string?>
        {
            ["RateLimiting__Enabled"] = "true",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
            // The HTTP limit per address would refuse the attacker's hundred requests before the login throttle saw them.
            ["RateLimiting__AccountsPerAddress__Burst"] = "10000",
            ["RateLimiting__AccountsPerAddress__RefillCount"] = "10000",
            ["RateLimiting__AccountsPerAddress__RefillPeriod"] = "00:00:01",
            // The defaults (5 per pair, 100 per address), a username-wide threshold and delay small enough to watch.
            ["RateLimiting__Login__UsernameWideThreshold"] = UsernameWideThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting__Login__MaxDelay"] = "00:00:04",
        });
        var api = await stack.StartApiAsync();
        var clients = new List<ApiClient>();
        ApiClient From(string address)
        {
            var client = new ApiClient(api.BaseAddress!, TimeSpan.FromSeconds(10), forwardedFor: address);
            clients.Add(client);
            return client;
        }

        try
        {
            var owner = From("127.0.0.3");
            const string username = "rival_target";
            (await owner.RegisterAsync(username, Password)).Status.Should().Be(201);
            (await owner.LoginAsync(username, Password)).Status.Should().Be(200, "the owner logs in once: 127.0.0.3 is known");

            var attacker = From("127.0.0.2");
            var guesses = new List<Answer>();
            for (var i = 0; i < 100; i++)
            {
                guesses.Add(await attacker.LoginAsync(username, $"guess-{i}"));
            }

            stack.Log($"attacker: {string.Join(" ", guesses.GroupBy(g => g.Status).Select(g => $"{g.Count()}×{g.Key}"))}");
            guesses.Take(5).Should().OnlyContain(g => g.Status == 401 && g.Code == "invalid_credentials");
            guesses.Skip(5).Should().OnlyContain(g => g.Status == 429 && g.Code == "rate_limited" && g.RetryAfterSeconds > 0,
                "five failures per (username, address), then that address waits");
            (await owner.LoginAsync(username, Password)).Status.Should().Be(200, "the owner, elsewhere, is not locked out");
            (await From("127.0.0.4").LoginAsync(username, Password)).Status.Should().Be(200, "nor from an address new to them");

            // A sprayer with an address per guess: free guesses up to the threshold (the attacker's five count), then
            // one guess per delay, doubling from 1 s up to MaxDelay (4 s).
            var next = 1;
            ApiClient Sprayer() => From($"127.0.1.{next++}");
            var free = 0;
            Answer refused;
            while ((refused = await Sprayer().LoginAsync(username, "spray")).Status == 401 && free < 50)
            {
                free++;
            }

            free.Should().Be(UsernameWideThreshold - 5);
            var waits = new List<int>();
            for (var step = 0; step < 4; step++)
            {
                refused.Status.Should().Be(429, "too soon after the username's last failure: {0}", refused);
                waits.Add(refused.RetryAfterSeconds!.Value);
                (await owner.LoginAsync(username, Password)).Status.Should().Be(200, "the owner's known address waits no delay");
                await Task.Delay(TimeSpan.FromSeconds(refused.RetryAfterSeconds!.Value) + TimeSpan.FromMilliseconds(50));
                (await Sprayer().LoginAsync(username, "spray")).Status.Should().Be(401, "the delay has passed: one more guess");
                refused = await Sprayer().LoginAsync(username, "spray");
            }

            stack.Log($"sprayer's waits: {string.Join(", ", waits)} s");
            waits.Should().Equal([1, 2, 4, 4], "the delay doubles with each failure, up to MaxDelay");

            // The documented price: an owner on an address they never logged in from waits the delay too.
            (await From("127.0.0.9").LoginAsync(username, Password)).Status.Should().Be(429);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
