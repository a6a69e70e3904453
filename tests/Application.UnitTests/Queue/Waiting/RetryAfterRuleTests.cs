using FlashPurchase.Application.Queue.Waiting;

namespace FlashPurchase.Application.UnitTests.Queue.Waiting;

public sealed class RetryAfterRuleTests
{
    private static ConversionRate PerSecond(int conversions, double seconds = 1) =>
        new(conversions, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void SecondsFor_TheShopperWhoIsNext_IsTheMinimumEvenWhenTheWorkerIsIdle()
    {
        RetryAfterRule.SecondsFor(ahead: 0, ConversionRate.None).Should().Be(RetryAfterRule.MinimumSeconds).And.Be(1);
        RetryAfterRule.SecondsFor(ahead: 0, PerSecond(1, seconds: 10)).Should().Be(1);
    }

    // Worker down or not started yet: nothing to divide by, and no reason to make every shopper wait the maximum.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1_000_000)]
    public void SecondsFor_WithNoConversionInTheWindow_IsTheFallback(long ahead) =>
        RetryAfterRule.SecondsFor(ahead, ConversionRate.None).Should().Be(RetryAfterRule.FallbackSeconds).And.Be(5);

    [Fact]
    public void SecondsFor_TheFallback_LiesWithinTheBounds() =>
        RetryAfterRule.FallbackSeconds.Should().BeInRange(RetryAfterRule.MinimumSeconds, RetryAfterRule.MaximumSeconds);

    [Theory]
    [InlineData(20, 10, 10, 20)] // 1 a second: 20 ahead take 20 s, exactly (no rounding up of a whole number)
    [InlineData(25, 10, 1, 3)]   // 10 a second: 2.5 s rounds up to 3
    [InlineData(21, 10, 1, 3)]   // 2.1 s rounds up too: better to ask a little late than too early
    [InlineData(3, 2, 2, 3)]     // 1 a second over a 2 s span
    public void SecondsFor_IsTheTimeToConvertTheTokensAheadRoundedUp(long ahead, int conversions, double overSeconds, int expected) =>
        RetryAfterRule.SecondsFor(ahead, PerSecond(conversions, overSeconds)).Should().Be(expected);

    [Fact]
    public void SecondsFor_AFewAheadOfAFastWorker_IsTheMinimumNotZero() =>
        RetryAfterRule.SecondsFor(ahead: 3, PerSecond(1_000)).Should().Be(1);

    [Theory]
    [InlineData(31)]
    [InlineData(1_000_000)]
    [InlineData(long.MaxValue)]
    public void SecondsFor_AHugeBacklog_IsClampedToTheMaximum(long ahead) =>
        RetryAfterRule.SecondsFor(ahead, PerSecond(1)).Should().Be(RetryAfterRule.MaximumSeconds).And.Be(30);

    [Fact]
    public void SecondsFor_JustUnderTheMaximum_IsNotClamped() =>
        RetryAfterRule.SecondsFor(ahead: 29, PerSecond(1)).Should().Be(29);
}
