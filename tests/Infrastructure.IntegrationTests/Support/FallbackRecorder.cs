using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>The <c>limit</c> tag of every fallback the gate's metrics count.</summary>
internal sealed class FallbackRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _limits = new();

    public FallbackRecorder(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "flashpurchase.shared_state.fallbacks")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "limit")
                {
                    _limits.Enqueue((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Limits => [.. _limits];

    public void Dispose() => _listener.Dispose();
}
