using FlashPurchase.Domain.Errors;

namespace FlashPurchase.Domain.UnitTests.Errors;

public sealed class RetryAfterSecondsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(59.5, 60)]
    [InlineData(900, 900)]
    public void RetryAfterSeconds_RoundsUpToWholeSeconds_AndIsAtLeastOne(double seconds, int expected) =>
        DomainErrors.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void TooManyLoginAttempts_IsRateLimited_WithItsRetryAfterSeconds()
    {
        var error = DomainErrors.TooManyLoginAttempts(TimeSpan.FromSeconds(42.5));

        error.Code.Should().Be(ErrorCodes.RateLimited);
        error.Extensions![DomainErrors.RetryAfterSecondsKey].Should().Be(43);
        error.Detail.Should().Contain("43 seconds");
    }
}
