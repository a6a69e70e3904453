using FlashPurchase.Domain.Errors;

namespace FlashPurchase.Domain.UnitTests.Errors;

public sealed class TooManyLoginAttemptsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(59.5, 60)]
    [InlineData(900, 900)]
    public void TooManyLoginAttempts_RoundsTheWaitUpToWholeSeconds_AndAtLeastOne(double seconds, int expected)
    {
        var error = DomainErrors.TooManyLoginAttempts(TimeSpan.FromSeconds(seconds));

        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(expected));
        error.Detail.Should().Contain($"wait {expected} seconds", "the sentence names the wait the refusal carries");
    }

    [Fact]
    public void TooManyLoginAttempts_IsRateLimited_WithItsRetryAfter()
    {
        var error = DomainErrors.TooManyLoginAttempts(TimeSpan.FromSeconds(42.5));

        error.Code.Should().Be(ErrorCodes.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(43));
        error.Detail.Should().Contain("43 seconds");
    }
}
