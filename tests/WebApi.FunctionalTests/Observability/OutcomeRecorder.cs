namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>Keeps every (step, code) one host's <c>flashpurchase.outcomes</c> counter counts.</summary>
public sealed class OutcomeRecorder(IServiceProvider host) : IDisposable
{
    private readonly CounterRecorder _outcomes = new(host, "flashpurchase.outcomes");

    public int Count(string step, string code) => (int)_outcomes.Sum(("step", step), ("code", code));

    public void Dispose() => _outcomes.Dispose();
}
