using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.WebApi.Controllers;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Mvc;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>The one mapping from a use case's result to an answer, which every action uses.</summary>
public sealed class ResultMappingTests
{
    [Fact]
    public void ASuccess_AnswersWhatTheActionMakesOfItsValue()
    {
        var answer = new CreatedResult("/api/orders/1", "order");
        string? seen = null;

        var result = Result<string>.Success("value").ToActionResult(value =>
        {
            seen = value;
            return answer;
        });

        result.Should().BeSameAs(answer);
        seen.Should().Be("value");
    }

    [Fact]
    public async Task ARefusal_AnswersItsProblemDocument_WithoutAskingTheAction()
    {
        var context = HttpContexts.New();
        var called = false;

        var result = Result<string>.Failure(DomainErrors.QueueUnavailable).ToActionResult(_ =>
        {
            called = true;
            return new OkResult();
        });
        await result.ExecuteResultAsync(HttpContexts.ActionContext(context));

        called.Should().BeFalse();
        result.Should().BeOfType<ErrorResult>().Which.Error.Should().BeSameAs(DomainErrors.QueueUnavailable);
        context.Response.StatusCode.Should().Be(503);
        context.Response.ContentType.Should().Be(ProblemWriter.ContentType);
        context.RetryAfter().Should().Be("5");
        context.JsonBody().GetProperty("code").GetString().Should().Be(ErrorCodes.QueueUnavailable);
    }

    [Fact]
    public async Task WithRetryAfter_AddsTheHeader_ToTheAnswerItWraps()
    {
        var context = HttpContexts.New();

        await new AcceptedResult(location: null, value: new { status = "pending" }).WithRetryAfter(7)
            .ExecuteResultAsync(HttpContexts.ActionContext(context));

        context.Response.StatusCode.Should().Be(202);
        context.RetryAfter().Should().Be("7");
        context.JsonBody().GetProperty("status").GetString().Should().Be("pending");
    }
}
