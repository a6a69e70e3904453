using FlashPurchase.Domain.Errors;

namespace FlashPurchase.Domain.UnitTests.Errors;

/// <summary>The one rounding of a wait told to a shopper: the login refusal's sentence and every Retry-After use it.</summary>
public sealed class WaitRoundingTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(59.5, 60)]
    [InlineData(900, 900)]
    public void WholeSeconds_RoundsUp_AndIsAtLeastOne(double seconds, int expected) =>
        WaitRounding.WholeSeconds(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void WholeSeconds_OfAnEnormousWait_IsTheLargestWholeNumber() =>
        WaitRounding.WholeSeconds(TimeSpan.MaxValue).Should().Be(int.MaxValue);
}
