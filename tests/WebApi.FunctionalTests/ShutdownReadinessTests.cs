using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>
/// A stop (SIGTERM) begins with the host's ApplicationStopping: from then on readiness fails, so that a load balancer
/// polling it takes the instance out of rotation, while for Shutdown:DrainDelay the requests still reaching it are
/// served as usual; then the host stops.
/// </summary>
public sealed class ShutdownReadinessTests
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Ready_OnceTheStopHasBegun_AnswersServiceUnavailable_WhileShoppersAreServedForTheDrainDelay()
    {
        await using var app = await EmbeddedApp.StartAsync(new Dictionary<string, string?>
        {
            ["Shutdown:DrainDelay"] = DrainDelay.ToString(),
        });
        var shopper = await app.Api.NewShopperAsync();
        (await app.Api.SendRawAsync(HttpMethod.Get, "/health/ready")).StatusCode.Should().Be(200);
        var lifetime = app.Factory.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource();
        using var onStopped = lifetime.ApplicationStopped.Register(stopped.SetResult);

        // What SIGTERM does.
        var stopBegan = DateTime.UtcNow;
        lifetime.StopApplication();

        var ready = await app.Api.SendRawAsync(HttpMethod.Get, "/health/ready");
        ready.ShouldBeProblem(503, "service_unavailable").Detail.Should().Contain("shutting down");
        (await app.Api.SendRawAsync(HttpMethod.Get, "/health/live")).StatusCode.Should().Be(200, "the process is still alive");
        (await shopper.EnterAsync()).StatusCode.Should().Be(200, "a join that still arrives during the drain is served");
        (DateTime.UtcNow - stopBegan).Should().BeLessThan(DrainDelay, "the requests above came within the drain");
        stopped.Task.IsCompleted.Should().BeFalse("the host is still draining");

        // The drain ends by itself: the host goes on to stop.
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        (DateTime.UtcNow - stopBegan).Should().BeGreaterThanOrEqualTo(DrainDelay, "the host served for the whole drain");
    }
}
