using System.Net.Sockets;
using System.Text;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>
/// Exceptions are bugs and outages: a database that is down answers 503 with Retry-After (the Worker's own test of
/// "transient"), anything else 500; each is logged with its exception, also when nobody is left to answer.
/// </summary>
public sealed class ProblemExceptionHandlerTests
{
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ProblemExceptionHandler _handler;

    public ProblemExceptionHandlerTests() => _handler = new ProblemExceptionHandler(_logs.LoggerFor<ProblemExceptionHandler>());

    private async Task<HttpContext> Handle(Exception exception, CancellationToken requestAborted = default)
    {
        var context = HttpContexts.New(requestAborted);
        (await _handler.TryHandleAsync(context, exception, CancellationToken.None)).Should().BeTrue("it handles every exception");
        return context;
    }

    private LogEntry TheOnlyLogEntry() => _logs.Of<ProblemExceptionHandler>().Should().ContainSingle().Subject;

    [Fact]
    public async Task ADatabaseServerThatIsNotThere_Answers503WithRetryAfter_AndLogsAWarningWithTheException()
    {
        var failure = await DatabaseFailures.ServerNotThereAsync();

        var context = await Handle(failure);

        context.Response.StatusCode.Should().Be(503);
        context.RetryAfter().Should().Be("5");
        var body = context.JsonBody();
        body.GetProperty("code").GetString().Should().Be(HttpErrorCodes.ServiceUnavailable);
        body.GetProperty("retryAfterSeconds").GetInt32().Should().Be(5);
        var entry = TheOnlyLogEntry();
        entry.Level.Should().Be(LogLevel.Warning);
        entry.Exception.Should().BeSameAs(failure);
    }

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task ATransientFailureDeepDown_Answers503(Exception failure)
    {
        var context = await Handle(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", failure));

        context.Response.StatusCode.Should().Be(503);
        context.RetryAfter().Should().Be("5");
        TheOnlyLogEntry().Level.Should().Be(LogLevel.Warning);
    }

    public static TheoryData<Exception> TransientFailures() =>
        [new TimeoutException(), new SocketException((int)SocketError.ConnectionRefused), new EndOfStreamException()];

    [Fact]
    public async Task AConstraintViolation_IsNoOutage_Answers500_AndLogsAnErrorWithTheException()
    {
        var failure = DatabaseFailures.UniqueKeyViolation();

        var context = await Handle(failure);

        context.Response.StatusCode.Should().Be(500, "a statement the database refuses for good will not work on a retry");
        context.RetryAfter().Should().BeNull();
        context.JsonBody().GetProperty("code").GetString().Should().Be(HttpErrorCodes.InternalError);
        var entry = TheOnlyLogEntry();
        entry.Level.Should().Be(LogLevel.Error);
        entry.Exception.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task AnyOtherException_Answers500ThatNamesNothingInternal_AndLogsAnErrorWithTheException()
    {
        var failure = new InvalidOperationException("SELECT secret FROM FlashPurchase.Internals");

        var context = await Handle(failure);

        context.Response.StatusCode.Should().Be(500);
        context.Response.ContentType.Should().Be(ProblemWriter.ContentType);
        context.Body().Should().NotContain("SELECT").And.NotContain("FlashPurchase.").And.NotContain("InvalidOperationException");
        var entry = TheOnlyLogEntry();
        entry.Level.Should().Be(LogLevel.Error);
        entry.Exception.Should().BeSameAs(failure);
        entry.Message.Should().Contain("GET").And.Contain("/api/test");
    }

    [Fact]
    public async Task ABodyTooLarge_Answers413_AndIsLogged()
    {
        var failure = new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);

        var context = await Handle(failure);

        context.Response.StatusCode.Should().Be(413);
        context.JsonBody().GetProperty("code").GetString().Should().Be(HttpErrorCodes.PayloadTooLarge);
        TheOnlyLogEntry().Exception.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task ABodyThatIsNotTextInItsCharset_Answers400ValidationFailed_AndIsLogged()
    {
        var failure = new InvalidOperationException("reading the body", new DecoderFallbackException("invalid bytes"));

        var context = await Handle(failure);

        context.Response.StatusCode.Should().Be(400);
        context.JsonBody().GetProperty("errors").TryGetProperty("body", out _).Should().BeTrue();
        TheOnlyLogEntry().Exception.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task AClientThatWentAway_GetsNoAnswer_ButItsCancellationIsStillLogged()
    {
        var failure = new OperationCanceledException("The request was aborted.");

        var context = await Handle(failure, new CancellationToken(canceled: true));

        context.Body().Should().BeEmpty("nobody is there to read it");
        var entry = TheOnlyLogEntry();
        entry.Level.Should().Be(LogLevel.Debug);
        entry.Exception.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task ABugWhileTheClientWentAway_IsStillLoggedAsAnError()
    {
        var failure = new InvalidOperationException("a bug");

        var context = await Handle(failure, new CancellationToken(canceled: true));

        context.Body().Should().BeEmpty();
        var entry = TheOnlyLogEntry();
        entry.Level.Should().Be(LogLevel.Error, "a bug is a bug whether or not the client waited for the answer");
        entry.Exception.Should().BeSameAs(failure);
    }
}
