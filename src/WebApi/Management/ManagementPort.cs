using FlashPurchase.Infrastructure.Telemetry;

namespace FlashPurchase.WebApi.Management;

/// <summary>
/// The API's management port (<c>Management__Port</c>): a second Kestrel listener on which only <c>/metrics</c> and
/// <c>/health/*</c> answer. The operator's network reaches it, the shoppers' does not (the load balancer forwards only
/// the public port), so the scrape needs no credentials and a shopper's token opens nothing: on the public port
/// <c>/metrics</c> is an unknown address (404 problem). The request's local port decides, never its Host header.
/// </summary>
public static class ManagementPort
{
    /// <summary>Kestrel's defaults when no address is configured (ASP.NET Core's own).</summary>
    private const string DefaultUrls = "http://localhost:5000";

    /// <summary>
    /// Adds the management port to the addresses Kestrel listens on. The public addresses stay what they were
    /// configured to be (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS): naming any address in code replaces them, so
    /// they are read here and named again.
    /// </summary>
    public static void ListenOnManagementPort(this WebApplicationBuilder builder)
    {
        if (ManagementOptions.From(builder.Configuration).Port is not { } port)
        {
            return;
        }

        var configuration = builder.Configuration;
        var publicUrls = configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [.. Ports(configuration[WebHostDefaults.HttpPortsKey], "http"), .. Ports(configuration[WebHostDefaults.HttpsPortsKey], "https")];
        builder.WebHost.UseUrls([.. publicUrls.Length > 0 ? publicUrls : [DefaultUrls], $"http://*:{port}"]);
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"{scheme}://*:{p}");

    /// <summary>First in the pipeline: the management port's two addresses, and a 404 for anything else on it.</summary>
    public static void UseManagementPort(this WebApplication app)
    {
        if (ManagementOptions.From(app.Configuration).Port is not { } port)
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == port && !IsManagementPath(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound; // UseStatusCodePages writes the problem
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Connection.LocalPort == port
            && context.Request.Path.Equals(ManagementOptions.MetricsPath, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsManagementPath(PathString path) =>
        path.Equals(ManagementOptions.MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
