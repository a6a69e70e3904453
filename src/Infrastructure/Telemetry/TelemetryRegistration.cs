using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FlashPurchase.Infrastructure.Telemetry;

/// <summary>Which host the telemetry is for: they serve their metrics differently.</summary>
public enum TelemetryHost
{
    /// <summary>Kestrel serves /metrics on a second port (the API's pipeline checks the port).</summary>
    Api,

    /// <summary>No web server: the Prometheus exporter's own HTTP listener serves /metrics on the management port.</summary>
    Worker,
}

/// <summary>
/// The one place that wires OpenTelemetry for both hosts. Metrics (our meter, MassTransit's, ASP.NET Core's and the
/// runtime's, in one Prometheus pipeline) only with a management port; traces only when something exports them
/// (<see cref="OtlpEndpointKey"/>) or a host asks (<see cref="TracingKey"/>, the tests' in-memory exporter): with
/// neither, no listener exists and spans are not even created.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The standard variable; the OTLP exporter reads it (and OTEL_EXPORTER_OTLP_PROTOCOL etc.) itself.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Record traces although nothing is exported over OTLP: for a host that adds an exporter of its own.</summary>
    public const string TracingKey = "Telemetry:Tracing";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, TelemetryHost host)
    {
        var management = ManagementOptions.From(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var tracing = otlp || configuration.GetValue<bool>(TracingKey);
        if (management.Port is null && !tracing)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(host == TelemetryHost.Api ? "flashpurchase-api" : "flashpurchase-worker"));

        if (management.Port is { } port)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(FlashPurchaseMetrics.MeterName, InstrumentationOptions.MeterName)
                    .AddRuntimeInstrumentation();
                if (host == TelemetryHost.Api)
                {
                    // http.server.request.duration by route template, status and method.
                    metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter();
                }
                else
                {
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Port = port;
                        // Every interface, like the API's management port, so that a scraper on another host reaches
                        // it. The options take a host name only (built into a Uri, which refuses the wildcard).
                        listener.ConfigureHttpListener = (_, http) =>
                        {
                            http.Prefixes.Clear();
                            http.Prefixes.Add($"http://*:{port}/");
                        };
                        listener.ScrapeEndpointPath = ManagementOptions.MetricsPath;
                    });
                }
            });

            if (host == TelemetryHost.Api)
            {
                services.AddHostedService<SaleFiguresSnapshotLoop>();
            }
        }

        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(FlashPurchaseActivities.SourceName, DiagnosticHeaders.DefaultListenerName);
                if (host == TelemetryHost.Api)
                {
                    // A scrape every few seconds is no shopper's request: keep it out of the traces.
                    traces.AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(ManagementOptions.MetricsPath, StringComparison.OrdinalIgnoreCase));
                }

                if (otlp)
                {
                    traces.AddOtlpExporter();
                }
            });
        }

        return services;
    }
}
