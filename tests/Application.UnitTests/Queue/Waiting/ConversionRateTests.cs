using FlashPurchase.Application.Queue.Waiting;

namespace FlashPurchase.Application.UnitTests.Queue.Waiting;

public sealed class ConversionRateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    [Fact]
    public void Measure_WithNoConversion_IsZero()
    {
        var rate = ConversionRate.Measure(0, oldestConversion: null, Now);

        rate.IsZero.Should().BeTrue();
        rate.Should().Be(ConversionRate.None);
    }

    [Fact]
    public void Measure_IsTakenOverTheSpanTheConversionsCover()
    {
        // A worker that started 4 s ago and converted 8 tokens does 2 a second, not 0.8 (8 over the 10 s window).
        var rate = ConversionRate.Measure(8, Now.AddSeconds(-4), Now);

        rate.Should().Be(new ConversionRate(8, TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void Measure_ABurstWithinTheLastInstant_IsSpreadOverTheShortestSpan()
    {
        var rate = ConversionRate.Measure(50, Now.AddMilliseconds(-20), Now);

        rate.Over.Should().Be(ConversionRate.ShortestSpan).And.Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Measure_NeverSpansMoreThanTheWindow()
    {
        var rate = ConversionRate.Measure(10, Now - ConversionRate.Window - TimeSpan.FromSeconds(5), Now);

        rate.Over.Should().Be(ConversionRate.Window).And.Be(TimeSpan.FromSeconds(10));
    }
}
