using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SaleEditTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 12, 8, 18, 0, 0, TimeSpan.Zero);

    private static Sale ASale() =>
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699.00m, "EUR", 100, OpensAt, TimeSpan.FromHours(1), queueCapacity: 0);

    public static TheoryData<string, SaleEdit> LockedFieldChanges => new()
    {
        { "productName", new SaleEdit(ProductName: "iPhone 12") },
        { "price", new SaleEdit(Price: 649m) },
        { "currency", new SaleEdit(Currency: "USD") },
        { "opensAt", new SaleEdit(OpensAt: OpensAt.AddMinutes(-5)) },
    };

    [Theory]
    [MemberData(nameof(LockedFieldChanges))]
    public void RefusalOf_AChangeOfWhatShoppersQueuedFor_OnceOpen_IsSaleAlreadyOpen_NamingTheField(string field, SaleEdit edit)
    {
        var refusal = ASale().RefusalOf(edit, OpensAt.AddMinutes(1));

        refusal.Should().NotBeNull();
        refusal!.Code.Should().Be(ErrorCodes.SaleAlreadyOpen);
        refusal.Detail.Should().Contain(field);
    }

    [Theory]
    [MemberData(nameof(LockedFieldChanges))]
    public void RefusalOf_AnyChange_BeforeTheOpening_IsNone(string field, SaleEdit edit) =>
        ASale().RefusalOf(edit, OpensAt.AddSeconds(-1)).Should().BeNull($"{field} may change while the sale is scheduled");

    [Fact]
    public void RefusalOf_RepeatingTheCurrentValues_OnceOpen_IsNotAChange() =>
        // 699.0m is 699.00m, and 20:00+02:00 is 18:00Z.
        ASale().RefusalOf(
                new SaleEdit("iPhone 11 Pro", 699.0m, "EUR", OpensAt: OpensAt.ToOffset(TimeSpan.FromHours(2))),
                OpensAt.AddMinutes(1))
            .Should().BeNull();

    [Fact]
    public void RefusalOf_StockDurationAndCapacity_OnceOpen_IsNone() =>
        ASale().RefusalOf(new SaleEdit(Stock: 150, Duration: TimeSpan.FromHours(2), QueueCapacity: 500), OpensAt.AddMinutes(1))
            .Should().BeNull();

    [Fact]
    public void RefusalOf_AnyEdit_OfAClosedSale_IsSaleClosed() =>
        ASale().RefusalOf(new SaleEdit(QueueCapacity: 5), OpensAt.AddHours(1)).Should().Be(DomainErrors.SaleClosed);

    [Fact]
    public void Apply_MovingTheOpening_KeepsTheDuration()
    {
        var sale = ASale();

        sale.Apply(new SaleEdit(OpensAt: OpensAt.AddDays(1)));

        sale.OpensAt.Should().Be(OpensAt.AddDays(1));
        sale.ClosesAt.Should().Be(OpensAt.AddDays(1).AddHours(1));
    }

    [Fact]
    public void Apply_ChangesOnlyTheFieldsSent()
    {
        var sale = ASale();

        sale.Apply(new SaleEdit(Price: 599m, Duration: TimeSpan.FromMinutes(30)));

        sale.Price.Should().Be(599m);
        sale.ClosesAt.Should().Be(OpensAt.AddMinutes(30));
        sale.ProductName.Should().Be("iPhone 11 Pro");
        sale.Currency.Should().Be("EUR");
        sale.OpensAt.Should().Be(OpensAt);
        sale.StockTotal.Should().Be(100, "the stock changes only through the repository's atomic update");
    }
}
