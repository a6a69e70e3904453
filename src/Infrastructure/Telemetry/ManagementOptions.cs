using Microsoft.Extensions.Configuration;

namespace FlashPurchase.Infrastructure.Telemetry;

/// <summary>
/// The management port (<c>Management__Port</c>): where a process serves <c>/metrics</c> to the operator's scraper,
/// apart from the shoppers' port. Unset, no metrics are collected or served at all.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    public int? Port { get; set; }

    public const string MetricsPath = "/metrics";

    public static ManagementOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ManagementOptions>() ?? new ManagementOptions();
        if (options.Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Management:Port must be a TCP port (1-65535), not {options.Port}.");
        }

        return options;
    }
}
