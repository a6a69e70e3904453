using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Infrastructure.Health;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

public sealed class ExceptionAnswersApp() : EmbeddedApp();

/// <summary>The exception handler as the running API uses it: a failure deep in a repository, answered over HTTP.</summary>
public sealed class ExceptionAnswersTests(ExceptionAnswersApp app) : IClassFixture<ExceptionAnswersApp>
{
    private async Task<(ApiResponse Response, IReadOnlyList<LogEntry> Logs)> GetCurrentSaleWhileTheDatabaseThrows(Exception failure)
    {
        var logs = new CollectingLoggerProvider();
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ISaleRepository>();
            services.AddScoped<ISaleRepository>(_ => new ThrowingSales(failure));
            services.AddSingleton<ILoggerProvider>(logs);
        }));
        using var client = new FlashPurchaseClient(factory.CreateClient());

        var response = await client.GetCurrentSaleAsync();
        return (response, logs.Of<ProblemExceptionHandler>());
    }

    [Fact]
    public async Task ADatabaseThatCannotBeReached_Answers503WithRetryAfter_AndIsLoggedWithItsException()
    {
        var failure = await DatabaseFailures.ServerNotThereAsync();

        var (response, logs) = await GetCurrentSaleWhileTheDatabaseThrows(failure);

        var problem = response.ShouldBeProblem(503, HttpErrorCodes.ServiceUnavailable);
        response.RetryAfterSeconds.Should().Be(5);
        problem.RetryAfterSeconds.Should().Be(5, "the body repeats the header");
        logs.Should().ContainSingle(entry => entry.Level == LogLevel.Warning && entry.Exception == failure);
    }

    [Fact]
    public async Task AStatementTheDatabaseRefuses_Answers500_AndIsLoggedWithItsException()
    {
        var failure = DatabaseFailures.UniqueKeyViolation();

        var (response, logs) = await GetCurrentSaleWhileTheDatabaseThrows(failure);

        response.StatusCode.Should().Be(500, "{0}", response);
        response.Problem!.Code.Should().Be(HttpErrorCodes.InternalError);
        response.Headers.RetryAfter.Should().BeNull();
        response.ShouldNotLeakInternals();
        logs.Should().ContainSingle(entry => entry.Level == LogLevel.Error && entry.Exception == failure);
    }

    [Fact]
    public async Task Readiness_NamesTheFailingCheckOnly_WhileItsLogKeepsTheException()
    {
        var failure = new InvalidOperationException("SELECT secret FROM FlashPurchase.Internals at line 42");
        var logs = new CollectingLoggerProvider();
        using var factory = app.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddHealthChecks().AddCheck(
                "leaky", () => HealthCheckResult.Unhealthy("SELECT secret", failure), tags: [HealthTags.Ready]);
            services.AddSingleton<ILoggerProvider>(logs);
        }));
        using var client = new FlashPurchaseClient(factory.CreateClient());

        var response = await client.SendRawAsync(HttpMethod.Get, "/health/ready");

        response.ShouldBeProblem(503, HttpErrorCodes.ServiceUnavailable).Detail.Should().Be("Not ready: leaky cannot be reached.");
        response.Body.Should().NotContain("secret");
        logs.Entries.Should().Contain(entry => entry.Exception == failure, "the health report's log keeps why the check failed");
    }

    private sealed class ThrowingSales(Exception failure) : SaleReadsOnlyRepository
    {
        public override Task<Sale?> GetCurrentAsync(CancellationToken cancellationToken) => Task.FromException<Sale?>(failure);

        public override Task<Sale?> FindAsync(Guid saleId, CancellationToken cancellationToken) => Task.FromException<Sale?>(failure);
    }
}
