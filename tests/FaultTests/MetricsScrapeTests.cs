using System.Text.Json;
using System.Text.RegularExpressions;
using FlashPurchase.FaultTests.Client;
using FlashPurchase.FaultTests.Stack;
using Xunit.Abstractions;

namespace FlashPurchase.FaultTests;

/// <summary>
/// Prometheus scrapes the API and the Worker on their management ports as an operator's would, and what it reads moves
/// as one shopper joins, is converted and buys. /metrics is not on the shoppers' port, and the management port serves
/// nothing else.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed partial class MetricsScrapeTests(PrivateServices services, ITestOutputHelper output)
{
    private const int Stock = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Prometheus_ScrapesApiAndWorker_AndTheCountersMoveAsAShopperJoinsIsConvertedAndBuys()
    {
        await using var stack = await FaultStack.CreateAsync(services, output, stock: Stock);
        int apiManagement = FreePorts.Next(), workerManagement = FreePorts.Next();
        var apiProcess = await stack.StartApiAsync(settings: new Dictionary<string, string?> { ["Management__Port"] = $"{apiManagement}" });
        await stack.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Management__Port"] = $"{workerManagement}" });
        await using var prometheus = await PrivatePrometheus.StartAsync(
            new Dictionary<string, string> { ["api"] = $"127.0.0.1:{apiManagement}", ["worker"] = $"127.0.0.1:{workerManagement}" },
            Path.Combine(stack.LogDirectory, "prometheus"), services.RunMarker);
        foreach (var job in new[] { "api", "worker" })
        {
            await WaitForAsync(prometheus, $"up{{job=\"{job}\"}}", v => v == 1, $"Prometheus scraping the {job}");
        }

        // The sale's gauges come from a snapshot of the database the API refreshes every few seconds.
        await WaitForAsync(prometheus, "flashpurchase_sale_stock_remaining{job=\"api\"}", v => v == Stock, "the stock gauge");
        (await prometheus.QueryAsync("flashpurchase_outcomes_total")).Should().BeNull("nobody has asked anything yet");

        using var api = stack.Client(apiProcess);
        var shopper = (await stack.SeedShoppersAsync(1, "scraped"))[0];
        var ticket = await api.EnterAsync(shopper);
        ticket.Status.Should().Be(200, "{0}", ticket);
        var exchanged = await Flow.ExchangeUntilSettledAsync(api, shopper, ticket.Text("queueToken"), TimeSpan.FromSeconds(30));
        exchanged.Status.Should().Be(200, "{0}", exchanged);
        var bought = await api.PurchaseAsync(shopper, exchanged.Text("purchaseToken"));
        bought.Status.Should().Be(201, "{0}", bought);
        (await api.PurchaseAsync(shopper, "not-a-token")).Code.Should().Be("invalid_token");

        // The API's counts per step and code, the Worker's conversion and release, the sale's figures.
        await WaitForAsync(prometheus, "flashpurchase_outcomes_total{job=\"api\",step=\"enter\",code=\"ok\"}", v => v == 1, "enter ok");
        await WaitForAsync(prometheus, "flashpurchase_outcomes_total{job=\"api\",step=\"exchange\",code=\"ok\"}", v => v == 1, "exchange ok");
        await WaitForAsync(prometheus, "flashpurchase_outcomes_total{job=\"api\",step=\"purchase\",code=\"ok\"}", v => v == 1, "purchase ok");
        await WaitForAsync(prometheus, "flashpurchase_outcomes_total{job=\"api\",step=\"purchase\",code=\"invalid_token\"}", v => v == 1,
            "purchase invalid_token");
        await WaitForAsync(prometheus, "flashpurchase_queue_tokens_converted_total{job=\"worker\"}", v => v == 1, "the Worker's conversion");
        await WaitForAsync(prometheus, "flashpurchase_purchase_tokens_released_total{job=\"worker\"}", v => v == 1, "the Worker's release");
        await WaitForAsync(prometheus, "flashpurchase_sale_stock_remaining{job=\"api\"}", v => v == Stock - 1, "the stock gauge after the order");
        await WaitForAsync(prometheus, "flashpurchase_sale_queued{job=\"api\"}", v => v == 1, "the queued gauge");
        await WaitForAsync(prometheus, "flashpurchase_sale_orders{job=\"api\"}", v => v == 1, "the orders gauge");
        await WaitForAsync(prometheus, "sum(http_server_request_duration_seconds_count{job=\"api\",http_route=\"api/queue/enter\"})",
            v => v == 1, "enter's request duration by route");

        // MassTransit's and the runtime's own meters, in the same scrape.
        (await prometheus.QueryAsync("count({job=\"worker\",__name__=~\"messaging_masstransit_.*\"})")).Should().BeGreaterThan(0);
        (await prometheus.QueryAsync("count({job=\"api\",__name__=~\"messaging_masstransit_.*\"})")).Should().BeGreaterThan(0);
        (await prometheus.QueryAsync("count({job=\"worker\",__name__=~\"dotnet_gc_.*\"})")).Should().BeGreaterThan(0);

        // A shopper cannot read them: /metrics is no address on the public port, with a valid token or not.
        var shoppersMetrics = await api.SendAsync(HttpMethod.Get, "/metrics", shopper.AccessToken);
        shoppersMetrics.Status.Should().Be(404, "{0}", shoppersMetrics);
        shoppersMetrics.Code.Should().Be("not_found");

        // And the management port serves the scrape and health, not the shop.
        using var management = new ApiClient(new Uri($"http://127.0.0.1:{apiManagement}"));
        (await management.CurrentSaleAsync()).Code.Should().Be("not_found");
        (await management.LiveAsync()).Status.Should().Be(200);

        // The operator's dashboard and alert rules (docker/) ask only for what these processes expose: a renamed metric
        // would leave a panel empty or an alert silent without anyone noticing.
        var exposed = await prometheus.MetricNamesAsync();
        foreach (var expression in OperatorExpressions())
        {
            (await prometheus.QueryErrorAsync(expression)).Should().BeNull("Prometheus runs {0}", expression);
            foreach (var name in MetricNames().Matches(expression).Select(m => m.Value))
            {
                // Fault and exception counters exist only once something failed; this run has none of either.
                if (!name.Contains("fault") && !name.Contains("exceptions"))
                {
                    exposed.Should().Contain(name, "{0} is asked for by the dashboard or an alert ({1})", name, expression);
                }
            }
        }
    }

    /// <summary>The PromQL of every Grafana panel and every alert rule in docker/.</summary>
    private static IEnumerable<string> OperatorExpressions()
    {
        var docker = Path.Combine(RunDirectories.Repository, "docker");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(docker, "grafana", "flashpurchase-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
        var alerts = File.ReadAllLines(Path.Combine(docker, "prometheus", "alerts.yml"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("expr:", StringComparison.Ordinal))
            .Select(line => line["expr:".Length..].Trim())
            .ToList();
        panels.Should().NotBeEmpty();
        alerts.Should().NotBeEmpty();
        return panels.Concat(alerts);
    }

    [GeneratedRegex(@"\b(?:flashpurchase|http_server|messaging_masstransit|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricNames();

    private static Task<double?> WaitForAsync(PrivatePrometheus prometheus, string promql, Func<double, bool> condition, string what) =>
        FaultStack.WaitForAsync(() => prometheus.QueryAsync(promql), v => v is { } value && condition(value), Patience,
            $"{what} ({promql})", TimeSpan.FromMilliseconds(500));
}
