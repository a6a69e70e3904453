using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>
/// The real stack with traces recorded (Telemetry:Tracing) into an in-memory exporter on the API host. The Worker host
/// runs in this process, so the exporter's listener sees its spans too; the API only sends, the Worker consumes from
/// RabbitMQ, so the trace context crosses the broker in the message's headers. No Worker until the test starts one.
/// </summary>
public sealed class TracedRealStackApp() : RealStackApp(new Dictionary<string, string?>(FixtureSettings.Contract)
{
    [TelemetryRegistration.TracingKey] = "true",
}, startWorker: false)
{
    /// <summary>Every span the process ended while the app ran (other test hosts' too: filter by trace id).</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    protected override void ConfigureApiServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new QueueCollection(Spans)));

    /// <summary>The in-memory exporter writes to an ICollection; spans end on many threads at once.</summary>
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

public sealed class JoinTraceTests(TracedRealStackApp app) : IClassFixture<TracedRealStackApp>
{
    [Fact]
    public async Task EachJoin_ItsMessage_AndItsConversionInTheWorkersBatch_AreOneTrace()
    {
        // Two joins before any Worker runs: their messages wait in the queue and reach the Worker in one batch, whose
        // consume span MassTransit can put in one trace only.
        var joins = new List<(ActivityTraceId TraceId, Shopper Shopper, string QueueToken)>();
        for (var i = 0; i < 2; i++)
        {
            var shopper = await app.Api.NewShopperAsync("traced");
            var traceId = ActivityTraceId.CreateRandom();
            var entered = new ApiResponse<QueueTicketBody>(await app.Api.SendRawAsync(
                HttpMethod.Get, "/api/queue/enter", accessToken: shopper.AccessToken,
                configure: request => request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01")));
            entered.Status.Should().Be(HttpStatusCode.OK, "{0}", entered);
            joins.Add((traceId, shopper, entered.Value.QueueToken));
        }

        await app.StartWorkerAsync();
        foreach (var (traceId, shopper, queueToken) in joins)
        {
            (await shopper.ExchangeUntilSettledAsync(queueToken)).Final.Status.Should().Be(HttpStatusCode.OK);
            await ShouldBeOneTraceAsync(traceId);
        }
    }

    private async Task ShouldBeOneTraceAsync(ActivityTraceId traceId)
    {
        // The conversion's span ends just after its purchase token is committed: the exchange may see it first.
        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(app.Spans.Where(s => s.TraceId == traceId).ToList()),
            found => found.Any(IsConversion),
            TimeSpan.FromSeconds(10), "the Worker's conversion span in the join's trace");

        var describe = string.Join("\n", spans.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} {s.SpanId} <- {s.ParentSpanId}"));
        var request = spans.Should().ContainSingle(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server,
            "the join's HTTP request is the trace's server span:\n{0}", describe).Subject;
        var publish = spans.Should().ContainSingle(s => s.Source.Name == FlashPurchaseActivities.SourceName && s.DisplayName == "queue token publish",
            "the message is sent under a span of the join:\n{0}", describe).Subject;
        var send = spans.Should().ContainSingle(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer,
            "MassTransit's send span:\n{0}", describe).Subject;
        var receive = spans.Should().ContainSingle(s => s.Source.Name == "MassTransit" && s.OperationName.EndsWith(" receive", StringComparison.Ordinal),
            "MassTransit's receive span in the Worker:\n{0}", describe).Subject;
        var conversion = spans.Should().ContainSingle(s => IsConversion(s), "one conversion:\n{0}", describe).Subject;

        publish.ParentSpanId.Should().Be(request.SpanId, describe);
        send.ParentSpanId.Should().Be(publish.SpanId, describe);
        receive.ParentSpanId.Should().Be(send.SpanId, describe);
        conversion.ParentSpanId.Should().Be(send.SpanId, describe);
    }

    private static bool IsConversion(Activity span) =>
        span.Source.Name == FlashPurchaseActivities.SourceName && span.DisplayName == "queue token conversion";
}
