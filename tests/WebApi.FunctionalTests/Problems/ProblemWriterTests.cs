using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Problems;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>How an <see cref="Error"/>'s typed extras become the members of its problem document and its headers.</summary>
public sealed class ProblemWriterTests
{
    [Fact]
    public async Task AnErrorWithRetryAfter_AnswersTheHeaderAndTheMember_RoundedUp()
    {
        var context = HttpContexts.New();

        await ProblemWriter.WriteAsync(context, new Error(ErrorCodes.RateLimited, "Wait.") { RetryAfter = TimeSpan.FromSeconds(42.5) });

        context.Response.StatusCode.Should().Be(429);
        context.Response.ContentType.Should().Be("application/problem+json");
        context.RetryAfter().Should().Be("43");
        context.JsonBody().GetProperty("retryAfterSeconds").GetInt32().Should().Be(43, "the body repeats the header");
    }

    [Fact]
    public async Task AnErrorWithOpensAt_AnswersTheOpensAtMember()
    {
        var opensAt = new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
        var context = HttpContexts.New();

        await ProblemWriter.WriteAsync(context, DomainErrors.SaleNotOpen(opensAt));

        context.Response.StatusCode.Should().Be(409);
        context.JsonBody().GetProperty("opensAt").GetDateTimeOffset().Should().Be(opensAt);
        context.RetryAfter().Should().BeNull();
    }

    [Fact]
    public async Task AnErrorWithFieldErrors_AnswersTheErrorsMember()
    {
        var context = HttpContexts.New();

        await ProblemWriter.WriteAsync(context, Error.Validation(new Dictionary<string, string[]>
        {
            ["username"] = ["Too short.", "Not allowed."],
        }));

        context.Response.StatusCode.Should().Be(400);
        var errors = context.JsonBody().GetProperty("errors");
        errors.GetProperty("username").EnumerateArray().Select(m => m.GetString()).Should().Equal("Too short.", "Not allowed.");
    }

    [Fact]
    public async Task AnErrorWithoutExtras_AnswersNoneOfTheirMembers_AndNoRetryAfter()
    {
        var context = HttpContexts.New();

        await ProblemWriter.WriteAsync(context, DomainErrors.SoldOut);

        context.Response.StatusCode.Should().Be(409);
        context.RetryAfter().Should().BeNull();
        var body = context.JsonBody();
        body.GetProperty("code").GetString().Should().Be(ErrorCodes.SoldOut);
        foreach (var member in new[] { "retryAfterSeconds", "opensAt", "errors" })
        {
            body.TryGetProperty(member, out _).Should().BeFalse("{0} comes only with the refusals that carry it", member);
        }
    }

    [Fact]
    public async Task QueueUnavailable_AnswersRetryAfterOfItsWait()
    {
        var context = HttpContexts.New();

        await ProblemWriter.WriteAsync(context, DomainErrors.QueueUnavailable);

        context.Response.StatusCode.Should().Be(503);
        context.RetryAfter().Should().Be("5");
        context.JsonBody().GetProperty("retryAfterSeconds").GetInt32().Should().Be(5);
    }

    [Fact]
    public void ToProblem_MapsEveryTypedExtraToItsMember()
    {
        var opensAt = DateTimeOffset.UnixEpoch;
        var fieldErrors = new Dictionary<string, string[]> { ["body"] = ["Required."] };
        var error = new Error(ErrorCodes.ValidationFailed, "Everything at once.")
        {
            RetryAfter = TimeSpan.FromMilliseconds(1500),
            OpensAt = opensAt,
            FieldErrors = fieldErrors,
        };

        var problem = ProblemWriter.ToProblem(error, HttpContexts.New());

        problem.RetryAfterSeconds.Should().Be(2);
        problem.OpensAt.Should().Be(opensAt);
        problem.Errors.Should().BeSameAs(fieldErrors);
        problem.Code.Should().Be(ErrorCodes.ValidationFailed);
        problem.Status.Should().Be(400);
        problem.Type.Should().Be("urn:flashpurchase:problem:validation_failed");
    }
}
