using System.Diagnostics;

namespace FlashPurchase.TestSupport;

/// <summary>
/// The start line of a race. Each racer gets ready first (its token in hand, its connection open) and then waits at
/// the gate; the gate opens only once every racer waits there, and notes when each one went through it, so that a
/// test can show that the racers really started together rather than trickling in as they got ready.
/// </summary>
public sealed class StartGate
{
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long[] _passedAt;
    private int _waiting;
    private long _openedAt;

    public StartGate(int racers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(racers, 1);
        _passedAt = new long[racers];
    }

    public int Racers => _passedAt.Length;

    /// <summary>How many racers wait at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Racer <paramref name="racer"/> (0 to <see cref="Racers"/> - 1) is ready: waits until the gate opens.</summary>
    public async Task ReadyAsync(int racer)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException($"Racer {racer} got ready after the gate opened.");
        }

        if (Interlocked.Increment(ref _waiting) == Racers)
        {
            _allReady.TrySetResult();
        }

        await _open.Task;
        _passedAt[racer] = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Opens the gate once every racer waits at it. A racer that ends before that (it failed while getting ready)
    /// throws its exception here; none ready within <paramref name="timeout"/> throws a <see cref="TimeoutException"/>.
    /// </summary>
    public async Task OpenWhenAllReadyAsync(IReadOnlyCollection<Task> racers, TimeSpan timeout)
    {
        var first = await Task.WhenAny(_allReady.Task, Task.WhenAny(racers)).WaitAsync(timeout);
        if (first != _allReady.Task)
        {
            await await Task.WhenAny(racers);
            throw new InvalidOperationException("A racer finished before the gate opened.");
        }

        _openedAt = Stopwatch.GetTimestamp();
        _open.SetResult();
    }

    /// <summary>How long after the gate opened each racer went through it (once all have).</summary>
    public IReadOnlyList<TimeSpan> PassedAfterOpening =>
        _passedAt.Select(at => at == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(_openedAt, at)).ToList();
}
