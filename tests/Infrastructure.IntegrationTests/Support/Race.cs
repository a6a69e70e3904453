using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>
/// Runs the same operation for many callers at once, each in its own DI scope (its own DbContext and connection, as
/// concurrent HTTP requests have). A gate holds everyone back until all are ready, so the calls really overlap.
/// </summary>
internal static class Race
{
    public static async Task<T[]> RunAsync<T>(IServiceProvider services, int callers, Func<int, IServiceProvider, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var ready = new CountdownEvent(callers);
        var tasks = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            ready.Signal();
            await gate.Task;
            return await call(i, scope.ServiceProvider);
        })).ToArray();

        // Wait (off the test's thread) until every caller has its scope, then let them all go at once.
        await Task.Run(() => ready.Wait(TimeSpan.FromSeconds(30)));
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
