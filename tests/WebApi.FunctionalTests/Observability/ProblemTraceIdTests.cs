using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Observability;

/// <summary>A problem document's traceId is the W3C trace id of its request: the one a tracing backend finds it by.</summary>
public sealed class ProblemTraceIdTests(EmbeddedDefaultApp app) : IClassFixture<EmbeddedDefaultApp>
{
    [Fact]
    public async Task Problem_OfARequestInACallersTrace_CarriesThatTraceId()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var response = await app.Api.SendRawAsync(HttpMethod.Get, "/api/queue/enter", configure: request =>
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01"));

        response.ShouldBeProblem(401, "unauthorized").TraceId.Should().Be(traceId);
    }

    [Fact]
    public async Task Problem_OfARequestWithoutTraceContext_CarriesANewTraceId()
    {
        var first = (await app.Api.SendRawAsync(HttpMethod.Get, "/api/nowhere")).ShouldBeProblem(404, "not_found");
        var second = (await app.Api.SendRawAsync(HttpMethod.Get, "/api/nowhere")).ShouldBeProblem(404, "not_found");

        first.TraceId.Should().MatchRegex("^[0-9a-f]{32}$");
        second.TraceId.Should().NotBe(first.TraceId);
    }
}
