using System.Text.RegularExpressions;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashPurchase.WebApi.FunctionalTests;

/// <summary>Behind real Kestrel, which is what writes a Server header.</summary>
public sealed class SecurityHeadersApp() : EmbeddedApp(useKestrel: true);

/// <summary>
/// The headers on every answer (API JSON, problems, the waiting room and its files, /docs), and that no answer says
/// what runs on the server or shows its insides.
/// </summary>
public sealed class SecurityHeadersTests(SecurityHeadersApp app) : IClassFixture<SecurityHeadersApp>
{
    private FlashPurchaseClient Api => app.Api;

    private static void ShouldCarryTheSecurityHeaders(ApiResponse response)
    {
        Header(response, "X-Content-Type-Options").Should().Be("nosniff", "{0}", response);
        Header(response, "Referrer-Policy").Should().Be("no-referrer");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        var policy = Header(response, "Content-Security-Policy");
        policy.Should().Contain("frame-ancestors 'none'").And.Contain("object-src 'none'").And.Contain("base-uri 'none'");
        response.Headers.Server.Should().BeEmpty("no answer says what runs on the server");
        response.Headers.Contains("X-Powered-By").Should().BeFalse();
    }

    private static string? Header(ApiResponse response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static string Directive(ApiResponse response, string name) =>
        Header(response, "Content-Security-Policy")!.Split(';', StringSplitOptions.TrimEntries)
            .Single(directive => directive.StartsWith(name + " ", StringComparison.Ordinal));

    [Fact]
    public async Task ApiAnswer_CarriesTheSecurityHeaders_AndKeepsItsOwnCaching()
    {
        var sale = await Api.GetCurrentSaleAsync();

        sale.StatusCode.Should().Be(200);
        ShouldCarryTheSecurityHeaders(sale);
        sale.Headers.CacheControl!.Public.Should().BeTrue("the sale's answer chose its own caching (SaleReadsFromMemoryTests)");
        sale.Headers.CacheControl.NoStore.Should().BeFalse();
    }

    [Fact]
    public async Task ATokenAnswer_IsNeverStored()
    {
        var shopper = await Api.NewShopperAsync("headers");
        var ticket = await shopper.EnterAsync();

        ticket.StatusCode.Should().Be(200);
        ShouldCarryTheSecurityHeaders(ticket);
        ticket.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Theory]
    [InlineData("GET", "/api/queue/enter", 401)]
    [InlineData("GET", "/api/nothing-here", 404)]
    [InlineData("GET", "/nothing-here.js", 404)]
    [InlineData("DELETE", "/api/queue/enter", 405)]
    public async Task ProblemAnswers_CarryTheSecurityHeaders_AndAreNeverStored(string method, string path, int status)
    {
        var response = await Api.SendRawAsync(new HttpMethod(method), path);

        response.StatusCode.Should().Be(status);
        response.ShouldBeSomeProblem();
        ShouldCarryTheSecurityHeaders(response);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task WaitingRoom_RunsUnderAPolicyWithoutInlineCode_AndStaysCacheable()
    {
        var page = await Api.SendRawAsync(HttpMethod.Get, "/");

        page.StatusCode.Should().Be(200);
        page.MediaType.Should().Be("text/html");
        ShouldCarryTheSecurityHeaders(page);
        Directive(page, "script-src").Should().Be("script-src 'self'");
        Directive(page, "style-src").Should().Be("style-src 'self'");
        Directive(page, "connect-src").Should().Be("connect-src 'self'");
        page.Headers.CacheControl!.NoStore.Should().BeFalse("the page is revalidated (no-cache), not refetched every time");

        // What the policy forbids, the page must not need: every script has a src, no style element or attribute.
        Regex.Matches(page.Body, "<script(?![^>]*\\ssrc=)[^>]*>").Should().BeEmpty("inline scripts would be blocked");
        page.Body.Should().NotContainAny(["<style", " style=", "javascript:", " onclick=", " onload="]);
    }

    [Theory]
    [InlineData("/app.js")]
    [InlineData("/app.css")]
    public async Task StaticFiles_CarryTheSecurityHeaders_AndStayCacheable(string path)
    {
        var file = await Api.SendRawAsync(HttpMethod.Get, path);

        file.StatusCode.Should().Be(200);
        ShouldCarryTheSecurityHeaders(file);
        file.Headers.CacheControl!.NoStore.Should().BeFalse();
        file.Headers.CacheControl.NoCache.Should().BeTrue();
    }

    [Fact]
    public async Task DocsPage_HasAPolicyOfItsOwn_ThatAllowsItsInlineScriptAndNothingFromElsewhere()
    {
        var docs = await Api.SendRawAsync(HttpMethod.Get, "/docs/index.html");

        docs.StatusCode.Should().Be(200);
        ShouldCarryTheSecurityHeaders(docs);
        docs.Body.Should().Contain("<script>", "NSwag's page starts Swagger UI with an inline script");
        Directive(docs, "script-src").Should().Be("script-src 'self' 'unsafe-inline'");
        Directive(docs, "connect-src").Should().Be("connect-src 'self'", "its ?url= must not load a document from elsewhere");
    }

    [Fact]
    public async Task OpenApiDocument_CarriesTheSecurityHeaders()
    {
        var document = await Api.SendRawAsync(HttpMethod.Get, "/openapi/v1.json");

        document.StatusCode.Should().Be(200);
        ShouldCarryTheSecurityHeaders(document);
    }

    [Fact]
    public async Task AnUnexpectedException_AnswersAProblemThatNamesNothingInternal()
    {
        // A bug deep down, whose message names SQL, a type and a source line: none of it may reach the client.
        await using var failing = await EmbeddedApp.StartAsync();
        using var factory = failing.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ISaleRepository>();
            services.AddScoped<ISaleRepository, ExplodingSales>();
        }));
        using var client = new FlashPurchaseClient(factory.CreateClient());

        var response = await client.GetCurrentSaleAsync();

        response.StatusCode.Should().Be(500);
        response.MediaType.Should().Be(ApiResponse.ProblemMediaType);
        response.Problem!.Code.Should().Be("internal_error");
        response.ShouldNotLeakInternals();
        response.Body.Should().NotContainAny(ExplodingSales.Secrets);
        response.Headers.Should().NotContain(header => header.Value.Any(value => ExplodingSales.Secrets.Any(value.Contains)));
        response.Headers.Server.Should().BeEmpty();
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    private sealed class ExplodingSales : SaleReadsOnlyRepository
    {
        public static readonly string[] Secrets = ["SELECT", "sales", "ExplodingSales", "SaleRepository.cs", "line 42"];

        public override Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException(
                "SELECT * FROM sales WHERE opens_at <= @now failed in FlashPurchase.ExplodingSales (SaleRepository.cs:line 42)");

        public override Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken) => GetCurrentAsync(cancellationToken);
    }
}
