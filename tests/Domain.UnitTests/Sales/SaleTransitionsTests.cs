using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Domain.UnitTests.Sales;

public sealed class SaleTransitionsTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static Sale NewSale() =>
        Sale.Schedule(Guid.NewGuid(), "Phone", 699m, "EUR", 10, OpensAt, TimeSpan.FromHours(1), queueCapacity: 0);

    [Fact]
    public void DueAt_BeforeTheOpening_NothingIsDue() =>
        SaleTransitions.DueAt(NewSale(), false, false, OpensAt.AddTicks(-1)).Any.Should().BeFalse();

    [Fact]
    public void DueAt_FromTheOpening_TheOpeningIsDueUntilAnnounced()
    {
        var sale = NewSale();

        SaleTransitions.DueAt(sale, false, false, OpensAt).Should().Be(new SaleTransitions(Opening: true, Closing: false));
        SaleTransitions.DueAt(sale, true, false, OpensAt.AddMinutes(5)).Any.Should().BeFalse();
    }

    [Fact]
    public void DueAt_AfterTheWindow_BothAreDueWhenNeitherWasAnnounced() =>
        SaleTransitions.DueAt(NewSale(), false, false, OpensAt.AddHours(2)).Should().Be(new SaleTransitions(true, true));

    [Fact]
    public void DueAt_ASaleWithAWindowOfNoLength_NeverOpens()
    {
        // What an operator's close leaves of a sale closed before its opening.
        var closed = Sale.Schedule(Guid.NewGuid(), "Phone", 699m, "EUR", 10, OpensAt, TimeSpan.FromTicks(1), 0);
        typeof(Sale).GetProperty(nameof(Sale.ClosesAt))!.SetValue(closed, OpensAt);

        SaleTransitions.DueAt(closed, false, false, OpensAt.AddMinutes(1)).Should().Be(new SaleTransitions(Opening: false, Closing: true));
    }
}
