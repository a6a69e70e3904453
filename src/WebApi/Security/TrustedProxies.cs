using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FlashPurchase.WebApi.Security;

/// <summary>
/// Which reverse proxies may say who the client is (<c>ForwardedHeaders:KnownProxies</c>, addresses;
/// <c>ForwardedHeaders:KnownNetworks</c>, CIDR networks). Only a connection from one of them has its
/// <c>X-Forwarded-For</c> applied; from anyone else the header is ignored and the connection's address is the client's,
/// so a shopper cannot step around the per-address limits by writing the header. None by default: ASP.NET Core's own
/// default (loopback trusted) would let anything on the same host speak for any client.
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string SectionName = "ForwardedHeaders";

    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];
}

public static class TrustedProxies
{
    /// <summary>Reads and checks the trusted proxies at start-up: a typo in an address must not silently trust nobody.</summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TrustedProxiesOptions.SectionName).Get<TrustedProxiesOptions>() ?? new TrustedProxiesOptions();
        var proxies = settings.KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)).Select(ParseAddress).ToList();
        var networks = settings.KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(ParseNetwork).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);

            // Walk X-Forwarded-For from the right while each hop is a trusted proxy: a chain of them (CDN, then load
            // balancer) yields the client, and whatever the client wrote to the left of that is never reached.
            options.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so the rate limits and the logs see the client's address. Nothing without proxies.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count + options.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value.Trim(), out var address)
            ? address
            : throw new InvalidOperationException(
                $"{TrustedProxiesOptions.SectionName}:KnownProxies: '{value}' is not an IP address (e.g. 10.0.0.5 or fd00::5).");

    private static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value.Trim(), out var network)
            ? network
            : throw new InvalidOperationException(
                $"{TrustedProxiesOptions.SectionName}:KnownNetworks: '{value}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
}
