using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SaleScheduleTests
{
    private static readonly DateTimeOffset OpensAtUtc = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private static Sale Schedule(
        string productName = "iPhone 11 Pro", decimal price = 699m, string currency = "EUR", int stock = 100,
        DateTimeOffset? opensAt = null, TimeSpan? duration = null, int queueCapacity = 0) =>
        Sale.Schedule(Guid.NewGuid(), productName, price, currency, stock, opensAt ?? OpensAtUtc,
            duration ?? TimeSpan.FromHours(1), queueCapacity);

    [Fact]
    public void Schedule_WithAnOffsetOpensAt_StoresTheSameInstantInUtc()
    {
        var sale = Schedule(opensAt: new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.FromHours(2)));

        sale.OpensAt.Offset.Should().Be(TimeSpan.Zero);
        sale.OpensAt.Should().Be(OpensAtUtc);
        sale.ClosesAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Schedule_ClosesTheSaleOneDurationAfterItOpens() =>
        Schedule(duration: TimeSpan.FromMinutes(90)).ClosesAt.Should().Be(OpensAtUtc.AddMinutes(90));

    [Fact]
    public void Schedule_StartsWithEveryUnitRemainingAndAnEmptyQueue()
    {
        var sale = Schedule(stock: 42);

        sale.StockTotal.Should().Be(42);
        sale.StockRemaining.Should().Be(42);
        sale.QueueLength.Should().Be(0);
    }

    [Fact]
    public void Schedule_KeepsTheGivenIdProductPriceCurrencyAndCapacity()
    {
        var id = Guid.NewGuid();

        var sale = Sale.Schedule(id, "Pixel 9", 499.50m, "USD", 5, OpensAtUtc, TimeSpan.FromHours(1), queueCapacity: 20);

        sale.Id.Should().Be(id);
        sale.ProductName.Should().Be("Pixel 9");
        sale.Price.Should().Be(499.50m);
        sale.Currency.Should().Be("USD");
        sale.QueueCapacity.Should().Be(20);
    }

    // Zero is a legitimate edge for each of these (a give-away, an empty sale, no queue limit): only negatives are refused.
    [Fact]
    public void Schedule_AcceptsZeroPriceStockAndCapacity()
    {
        var act = () => Schedule(price: 0m, stock: 0, queueCapacity: 0);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Schedule_WithABlankProductName_Throws(string productName) =>
        FluentActions.Invoking(() => Schedule(productName: productName)).Should().Throw<ArgumentException>();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Schedule_WithABlankCurrency_Throws(string currency) =>
        FluentActions.Invoking(() => Schedule(currency: currency)).Should().Throw<ArgumentException>();

    [Fact]
    public void Schedule_WithANegativePrice_Throws() =>
        FluentActions.Invoking(() => Schedule(price: -0.01m)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Schedule_WithNegativeStock_Throws() =>
        FluentActions.Invoking(() => Schedule(stock: -1)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Schedule_WithANegativeQueueCapacity_Throws() =>
        FluentActions.Invoking(() => Schedule(queueCapacity: -1)).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Schedule_WithoutAPositiveDuration_Throws(int seconds) =>
        FluentActions.Invoking(() => Schedule(duration: TimeSpan.FromSeconds(seconds)))
            .Should().Throw<ArgumentOutOfRangeException>();
}
