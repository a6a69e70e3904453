using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.Sales.GetCurrentSale;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Sales.GetCurrentSale;

public sealed class GetCurrentSaleHandlerTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();

    private Task<Result<SaleView>> GetCurrentSaleAt(DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        return new GetCurrentSaleHandler(_sales, new CurrentSaleCache(clock), clock).Handle(new GetCurrentSaleQuery(), default).AsTask();
    }

    [Fact]
    public async Task GetCurrentSale_WhenThereIsNone_ReturnsNotFound()
    {
        var result = await GetCurrentSaleAt(OpensAt);

        result.ShouldFailWith(ErrorCodes.NotFound);
    }

    [Theory]
    [InlineData(-1, 5, "scheduled")]
    [InlineData(0, 5, "open")]
    [InlineData(10, 0, "sold_out")]
    [InlineData(60, 5, "closed")]
    [InlineData(60, 0, "closed")]
    public async Task GetCurrentSale_ReportsTheContractStatusAtTheClocksTime(int minutesAfterOpening, int stock, string status)
    {
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(ASale.OpeningAt(OpensAt, stock));

        var view = (await GetCurrentSaleAt(OpensAt.AddMinutes(minutesAfterOpening))).ShouldSucceed();

        view.Status.Should().Be(status);
    }

    [Fact]
    public async Task GetCurrentSale_ReportsTheSalesProductPriceStockAndWindow()
    {
        var sale = ASale.OpeningAt(OpensAt, stock: 7);
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(sale);

        var view = (await GetCurrentSaleAt(OpensAt)).ShouldSucceed();

        view.Should().Be(new SaleView(
            sale.Id, "iPhone 11 Pro", 699.00m, "EUR", 7, 7, OpensAt, OpensAt + ASale.Duration, "open",
            PreQueueOpensAt: null, Paused: false, ChallengeDifficulty: 0));
    }

    // Guards the switch: a new SaleStatus without a contract name would otherwise throw only in production.
    [Fact]
    public void ToContractName_NamesEveryStatusDistinctly() =>
        Enum.GetValues<SaleStatus>().Select(SaleView.StatusName)
            .Should().OnlyHaveUniqueItems().And.HaveCount(Enum.GetValues<SaleStatus>().Length);
}
