using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.UnitTests.TestDoubles;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Sales;

public sealed class CurrentSaleCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 10, 0, TimeSpan.Zero);

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly CurrentSaleCache _cache;

    private static IReadOnlyList<Domain.Sales.Sale> Listing(params Domain.Sales.Sale[] sales) => sales;

    public CurrentSaleCacheTests()
    {
        _cache = new CurrentSaleCache(_clock);
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(ASale.OpenAt(Now), ASale.SoldOutAt(Now));
    }

    [Fact]
    public async Task Get_WithinMaxAge_ReadsTheDatabaseOnce()
    {
        var first = await _cache.GetAsync(_sales, default);
        _clock.Advance(CurrentSaleCache.MaxAge - TimeSpan.FromTicks(1));
        var second = await _cache.GetAsync(_sales, default);

        second.Should().BeSameAs(first);
        await _sales.Received(1).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Get_OnceMaxAgeHasPassed_ReadsTheDatabaseAgain()
    {
        await _cache.GetAsync(_sales, default);
        _clock.Advance(CurrentSaleCache.MaxAge);

        var again = await _cache.GetAsync(_sales, default);

        again!.IsSoldOut.Should().BeTrue("the second read sees the stock gone");
        await _sales.Received(2).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Get_WhenTheClockWentBack_ReadsTheDatabaseAgain()
    {
        await _cache.GetAsync(_sales, default);
        _clock.AdjustTime(_clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));

        await _cache.GetAsync(_sales, default);

        await _sales.Received(2).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Get_ManyRequestsAtOnce_ShareOneRead()
    {
        var release = new TaskCompletionSource<Domain.Sales.Sale?>();
        var sales = Substitute.For<ISaleRepository>();
        sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(_ => release.Task);

        var readers = Enumerable.Range(0, 20).Select(_ => _cache.GetAsync(sales, default).AsTask()).ToList();
        release.SetResult(ASale.OpenAt(Now));
        await Task.WhenAll(readers);

        await sales.Received(1).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Find_ForTheCurrentSale_AnswersFromTheCache()
    {
        var current = await _cache.GetAsync(_sales, default);

        var found = await _cache.FindAsync(_sales, current!.Id, default);

        found.Should().BeSameAs(current);
        await _sales.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Find_ForAnotherSale_ReadsIt()
    {
        var other = ASale.ClosedAt(Now);
        _sales.FindAsync(other.Id, Arg.Any<CancellationToken>()).Returns(other);

        var found = await _cache.FindAsync(_sales, other.Id, default);

        found.Should().BeSameAs(other);
    }

    [Fact]
    public async Task StockChanged_ForTheCachedSaleStillInStock_MakesTheNextGetReadAgain()
    {
        var cached = await _cache.GetAsync(_sales, default);

        _cache.StockChanged(cached!.Id);
        var again = await _cache.GetAsync(_sales, default);

        again!.IsSoldOut.Should().BeTrue();
        await _sales.Received(2).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task StockChanged_WhenTheCachedSaleIsAlreadySoldOut_KeepsIt()
    {
        var soldOut = ASale.SoldOutAt(Now);
        _sales.GetCurrentAsync(Arg.Any<CancellationToken>()).Returns(soldOut);
        await _cache.GetAsync(_sales, default);

        _cache.StockChanged(soldOut.Id);
        await _cache.GetAsync(_sales, default);

        await _sales.Received(1).GetCurrentAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Find_AnotherSaleThanTheCurrent_IsReadOncePerMaxAge()
    {
        var other = ASale.OpenAt(Now);
        _sales.FindAsync(other.Id, Arg.Any<CancellationToken>()).Returns(other);

        var first = await _cache.FindAsync(_sales, other.Id, default);
        _clock.Advance(CurrentSaleCache.MaxAge - TimeSpan.FromTicks(1));
        var second = await _cache.FindAsync(_sales, other.Id, default);
        _clock.Advance(TimeSpan.FromTicks(1));
        await _cache.FindAsync(_sales, other.Id, default);

        second.Should().BeSameAs(first);
        await _sales.Received(2).FindAsync(other.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Find_AnUnknownSale_IsNotCached_SoThatMadeUpIdsDoNotGrowTheCache()
    {
        var unknown = Guid.NewGuid();

        (await _cache.FindAsync(_sales, unknown, default)).Should().BeNull();
        (await _cache.FindAsync(_sales, unknown, default)).Should().BeNull();

        await _sales.Received(2).FindAsync(unknown, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Forget_AfterAnOperatorsChange_ReadsThatSaleAndTheCurrentOneAgain()
    {
        var other = ASale.OpenAt(Now);
        _sales.FindAsync(other.Id, Arg.Any<CancellationToken>()).Returns(other);
        await _cache.GetAsync(_sales, default);
        await _cache.FindAsync(_sales, other.Id, default);

        _cache.Forget(other.Id);
        await _cache.GetAsync(_sales, default);
        await _cache.FindAsync(_sales, other.Id, default);

        await _sales.Received(2).GetCurrentAsync(Arg.Any<CancellationToken>());
        await _sales.Received(2).FindAsync(other.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListUnended_WithinMaxAge_ReadsTheDatabaseOnce_AndAgainOnceItHasPassed()
    {
        _sales.ListUnendedAsync(Arg.Any<CancellationToken>()).Returns(Listing(ASale.OpenAt(Now)), Listing(ASale.SoldOutAt(Now)));

        var first = await _cache.ListUnendedAsync(_sales, default);
        _clock.Advance(CurrentSaleCache.MaxAge - TimeSpan.FromTicks(1));
        var second = await _cache.ListUnendedAsync(_sales, default);
        _clock.Advance(TimeSpan.FromTicks(1));
        var third = await _cache.ListUnendedAsync(_sales, default);

        second.Should().BeSameAs(first);
        third.Single().IsSoldOut.Should().BeTrue("the second read sees the stock gone");
        await _sales.Received(2).ListUnendedAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task StockChanged_ForAListedSaleStillInStock_MakesTheNextListReadAgain_ButNotForAnotherSale()
    {
        var listed = ASale.OpenAt(Now);
        _sales.ListUnendedAsync(Arg.Any<CancellationToken>()).Returns(Listing(listed));
        await _cache.ListUnendedAsync(_sales, default);

        _cache.StockChanged(Guid.NewGuid());
        await _cache.ListUnendedAsync(_sales, default);
        _cache.StockChanged(listed.Id);
        await _cache.ListUnendedAsync(_sales, default);

        await _sales.Received(2).ListUnendedAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Forget_AfterAnOperatorsChange_ReadsTheListAgain()
    {
        _sales.ListUnendedAsync(Arg.Any<CancellationToken>()).Returns(Listing(ASale.OpenAt(Now)));
        await _cache.ListUnendedAsync(_sales, default);

        _cache.Forget(Guid.NewGuid()); // a sale just created is in no snapshot yet
        await _cache.ListUnendedAsync(_sales, default);

        await _sales.Received(2).ListUnendedAsync(Arg.Any<CancellationToken>());
    }
}
