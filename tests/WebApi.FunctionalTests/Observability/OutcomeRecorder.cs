using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashPurchase.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>
/// Listens to one host's <c>flashpurchase.outcomes</c> counter (its meter is the host's own: other test hosts in the
/// process record on theirs) and keeps every (step, code) it counts.
/// </summary>
public sealed class OutcomeRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Step, string Code)> _outcomes = new();

    public OutcomeRecorder(IServiceProvider host)
    {
        var meters = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == FlashPurchaseMetrics.MeterName
                && instrument.Name == "flashpurchase.outcomes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? step = null, code = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "step")
                {
                    step = tag.Value as string;
                }
                else if (tag.Key == "code")
                {
                    code = tag.Value as string;
                }
            }

            for (var i = 0; i < value; i++)
            {
                _outcomes.Enqueue((step ?? "?", code ?? "?"));
            }
        });
        _listener.Start();
    }

    public int Count(string step, string code) => _outcomes.Count(o => o.Step == step && o.Code == code);

    public void Dispose() => _listener.Dispose();
}
