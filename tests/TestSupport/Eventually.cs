namespace FlashPurchase.TestSupport;

/// <summary>Waiting for something another process or thread will make true, with a deadline that names what was awaited.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds, every <paramref name="every"/> (250 ms by default).</summary>
    public static async Task<T> WaitForAsync<T>(
        Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}; last seen: {value}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
