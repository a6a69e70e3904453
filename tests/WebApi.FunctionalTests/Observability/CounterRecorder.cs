using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>
/// Listens to one counter of one host's FlashPurchase meter (the meter is the host's own: other test hosts in the
/// process record on theirs) and keeps every measurement with its tags.
/// </summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)> _measurements = new();

    public CounterRecorder(IServiceProvider host, string counter)
    {
        var meters = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == FlashPurchaseMetrics.MeterName
                && instrument.Name == counter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var byKey = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                byKey[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((value, byKey));
        });
        _listener.Start();
    }

    /// <summary>The sum of the measurements that carry every one of <paramref name="tags"/>.</summary>
    public long Sum(params (string Key, string Value)[] tags) => _measurements
        .Where(m => tags.All(tag => m.Tags.TryGetValue(tag.Key, out var value) && Equals(value, tag.Value)))
        .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
