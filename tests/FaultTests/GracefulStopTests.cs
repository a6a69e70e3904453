using System.Collections.Concurrent;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// A graceful stop (SIGTERM, as a process manager or a rolling restart sends it) in the middle of a burst of joins.
/// Every join that reached the API is answered: a place (200) or "try again" (503 queue_unavailable with Retry-After),
/// never a 500 and never silence; every place it stored has its message in the broker (the Worker converts each one
/// and nothing lands in the error queue), and every place was handed to its shopper.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class GracefulStopTests(PrivateServices services, ITestOutputHelper output)
{
    private const int ShopperCount = 600;

    [Fact(Timeout = 420_000)]
    public async Task ApiStoppedGracefullyDuringABurstOfJoins_AnswersEveryJoinItTook_AndLeavesNoPlaceWithoutItsMessage()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: ShopperCount);
        var first = await stack.StartApiAsync();
        var shoppers = await stack.SeedShoppersAsync(ShopperCount, "sigterm");
        using var api = stack.Client(first);

        // The whole crowd joins at once; the API is told to stop once the first fifty have their answer.
        var answers = new ConcurrentDictionary<Shopper, (Answer Answer, DateTime At)>();
        var signalled = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joining = shoppers.Select(shopper => Task.Run(async () =>
        {
            await gate.Task;
            var answer = await api.EnterAsync(shopper);
            answers[shopper] = (answer, DateTime.UtcNow);
            if (answers.Count(a => a.Value.Answer.IsAnswer) == 50 && !signalled.Task.IsCompleted)
            {
                stack.Terminate(first);
                signalled.TrySetResult(DateTime.UtcNow);
            }
        })).ToList();
        gate.SetResult();
        await Task.WhenAll(joining);
        var signalledAt = await signalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await first.Child.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().BeTrue("a graceful stop ends by itself\n{0}", first.Child.LogTail());
        first.Child.ExitCode.Should().Be(0, "the API stopped cleanly\n{0}", first.Child.LogTail());

        var answered = answers.Where(a => a.Value.Answer.IsAnswer).ToDictionary(a => a.Key, a => a.Value);
        var admitted = answered.Where(a => a.Value.Answer.Status == 200).ToDictionary(a => a.Key, a => a.Value.Answer);
        var refused = answered.Values.Where(a => a.Answer.Status != 200).Select(a => a.Answer).ToList();
        stack.Log($"{admitted.Count} admitted, {refused.Count} refused, {answers.Count - answered.Count} never reached the API; " +
                  $"{answered.Values.Count(a => a.At > signalledAt)} answered after SIGTERM");

        answered.Values.Should().Contain(a => a.At > signalledAt, "joins were still in flight when the stop began");
        refused.Where(a => a.Status != 503 || a.Code != "queue_unavailable" || a.RetryAfterSeconds is not > 0)
            .Should().BeEmpty("a join the API cannot finish is told to try again, nothing else");
        var unanswered = answers.Values.Where(a => !a.Answer.IsAnswer).Select(a => a.Answer.Failure).ToList();
        stack.Log("no answer: " + string.Join("; ", unanswered.GroupBy(f => f).Select(g => $"{g.Count()} x {g.Key}")));

        // Every place stored was handed out, with the token and position its shopper was told.
        (await stack.ScalarAsync("SELECT COUNT(*) FROM queue_places")).Should().Be(admitted.Count);
        foreach (var (shopper, answer) in admitted)
        {
            (await stack.ScalarAsync($"SELECT position FROM queue_places WHERE user_id = '{shopper.UserId}'"))
                .Should().Be(answer.Number("position"), "{0} was told their place", shopper);
        }

        // Every place has its message: a Worker converts each one, and no message is left over or failed.
        await stack.StartWorkerAsync();
        await FaultStack.WaitForAsync(() => stack.ScalarAsync("SELECT COUNT(*) FROM purchase_tokens"), n => n == admitted.Count,
            TimeSpan.FromMinutes(2), "the Worker to convert every place");
        await FaultStack.WaitForAsync(async () => (await stack.QueueAsync())?.Total ?? -1, n => n == 0,
            TimeSpan.FromMinutes(1), "the queue to be empty");
        await Invariants.AssertHoldAsync(stack, everyPlaceConverted: true);

        // A new API: everyone joins; those who had a place get the very same one.
        var second = await stack.StartApiAsync(first.BaseAddress!.Port);
        foreach (var shopper in shoppers)
        {
            var again = await api.EnterAsync(shopper);
            again.Status.Should().Be(200, "{0}: {1}", shopper, again);
            if (admitted.TryGetValue(shopper, out var before))
            {
                again.Text("queueToken").Should().Be(before.Text("queueToken"));
            }
        }

        second.IsRunning.Should().BeTrue();
    }
}
