using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// What an integrator's linter and generator expect of the document besides the operations (Redocly's recommended
/// rules, Spectral's spectral:oas): a server, a contact and a license, every tag declared with a sentence, in the order
/// a shopper meets them.
/// </summary>
/// <remarks>
/// The contact and license are the shop's that runs FlashPurchase: <c>OpenApi:ContactName</c>, <c>OpenApi:ContactEmail</c>,
/// <c>OpenApi:ContactUrl</c>, <c>OpenApi:LicenseName</c> and <c>OpenApi:LicenseUrl</c> (README, Configuration).
/// </remarks>
public sealed class IntegratorDocumentProcessor(IConfiguration configuration) : IDocumentProcessor
{
    /// <summary>The tags the controllers use, in the order of the flow, each with what its calls are for.</summary>
    internal static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        ("Auth", "Accounts and access tokens: register, then log in for the bearer token every shopper call needs."),
        ("Sales", "The sales a shopper can join or wait for, readable without signing in (the waiting room polls them)."),
        ("Queue", "Steps 1 and 2: join the queue for a queue token, then exchange it for a purchase token once the queue worker has converted it; leave the queue; the bot challenge."),
        ("Shop", "Step 3: spend the purchase token on the one unit a shopper may buy."),
        ("Orders", "The signed-in shopper's orders."),
        ("Jwks", "The public keys that verify purchase tokens (ES256), for integrators checking them on their side."),
        ("AdminSales", "Operators only: schedule, change, pause, resume and close sales, with their live figures."),
        ("Health", "Liveness and readiness probes for orchestrators and load balancers."),
    ];

    public void Process(DocumentProcessorContext context)
    {
        var document = context.Document;

        // A relative server: the host that serves the document, wherever a shop deploys it.
        document.Servers.Clear();
        document.Servers.Add(new OpenApiServer { Url = "/", Description = "This API, on the host that serves this document." });

        document.Info.Contact = new OpenApiContact
        {
            Name = configuration["OpenApi:ContactName"] ?? "FlashPurchase API support",
            Email = configuration["OpenApi:ContactEmail"],
            Url = configuration["OpenApi:ContactUrl"],
        };
        document.Info.License = new OpenApiLicense
        {
            Name = configuration["OpenApi:LicenseName"] ?? "Proprietary",
            Url = configuration["OpenApi:LicenseUrl"],
        };

        document.Tags.Clear();
        foreach (var (name, description) in Tags)
        {
            document.Tags.Add(new OpenApiTag { Name = name, Description = description });
        }
    }
}
