using System.Diagnostics.Metrics;
using FlashPurchase.Application.Abstractions;

namespace FlashPurchase.Infrastructure.Telemetry;

/// <summary>
/// FlashPurchase's own instruments, on the meter <see cref="MeterName"/>. Created through the host's
/// <see cref="IMeterFactory"/>, so each host (and each test host in one process) has a meter of its own. Recording
/// costs next to nothing while no exporter listens (metrics off: no management port).
/// </summary>
public sealed class FlashPurchaseMetrics
{
    public const string MeterName = "FlashPurchase";

    /// <summary>The steps whose answers are counted by <c>code</c>.</summary>
    public static class Steps
    {
        public const string Enter = "enter";
        public const string Exchange = "exchange";
        public const string Purchase = "purchase";
    }

    /// <summary>The success codes beside the problem codes: the step did what was asked, or the token is not converted yet.</summary>
    public static class SuccessCodes
    {
        public const string Ok = "ok";
        public const string Pending = "pending";
    }

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _converted;
    private readonly Counter<long> _released;
    private readonly Counter<long> _sharedStateFallbacks;
    private volatile IReadOnlyList<SaleFiguresSample> _saleFigures = [];

    public FlashPurchaseMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("flashpurchase.outcomes",
            description: "Answers of enter, exchange and purchase by step and code (a problem code, or ok / pending).");
        _converted = meter.CreateCounter<long>("flashpurchase.queue_tokens.converted",
            description: "Queue tokens the queue worker converted: released as a purchase token or held back for a later release.");
        _released = meter.CreateCounter<long>("flashpurchase.purchase_tokens.released",
            description: "Purchase tokens released to shoppers (at conversion, or later from the held-back places).");

        _sharedStateFallbacks = meter.CreateCounter<long>("flashpurchase.shared_state.fallbacks",
            description: "Limit decisions made in this process's memory because Redis, where the instances share them, was unreachable.");

        // Per sale, from the snapshot SaleFiguresSnapshotLoop refreshes: a scrape never reads the database.
        meter.CreateObservableGauge("flashpurchase.sale.queued", () => Observe(f => f.Queued),
            description: "Queue places ever taken in the sale.");
        meter.CreateObservableGauge("flashpurchase.sale.waiting", () => Observe(f => f.Waiting),
            description: "Valid queue places whose purchase token is not released yet.");
        meter.CreateObservableGauge("flashpurchase.sale.active_purchase_tokens", () => Observe(f => f.ActivePurchaseTokens),
            description: "Released purchase tokens neither expired nor used.");
        meter.CreateObservableGauge("flashpurchase.sale.stock_remaining", () => Observe(f => f.StockRemaining),
            description: "Units left.");
        meter.CreateObservableGauge("flashpurchase.sale.orders", () => Observe(f => f.Orders),
            description: "Orders placed.");
    }

    public void RecordOutcome(string step, string code) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("step", step), new KeyValuePair<string, object?>("code", code));

    public void RecordConverted(int count)
    {
        if (count > 0)
        {
            _converted.Add(count);
        }
    }

    public void RecordReleased(int count)
    {
        if (count > 0)
        {
            _released.Add(count);
        }
    }

    /// <summary>One limit decision fell back to this process's own count (see SharedStateGate).</summary>
    public void RecordSharedStateFallback(string limit) =>
        _sharedStateFallbacks.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>Replaces the per-sale figures the gauges report (a sale missing from it is no longer reported).</summary>
    public void PublishSaleFigures(IReadOnlyList<SaleFiguresSample> figures) => _saleFigures = figures;

    private IEnumerable<Measurement<long>> Observe(Func<SaleFigures, long> figure) =>
        _saleFigures.Select(sample => new Measurement<long>(figure(sample.Figures),
            new KeyValuePair<string, object?>("sale_id", sample.SaleId.ToString())));
}

/// <summary>One sale's figures as last read.</summary>
public sealed record SaleFiguresSample(Guid SaleId, SaleFigures Figures);
