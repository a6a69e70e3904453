using System.Net.Http.Headers;
using FlashPurchase.Application.Sales;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.WebApi.FunctionalTests.Admin;
using FlashPurchase.WebApi.FunctionalTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.WebApi.FunctionalTests.Sales;

/// <summary>
/// The sale reads every waiting room makes (/api/sales/current and /api/sales) come from the process's snapshot and may
/// be kept by a CDN for a second (browsers ask again); they follow a change the process did not make within that second.
/// </summary>
public sealed class SaleReadsFromMemoryTests
{
    [Fact]
    public async Task CurrentAndList_MayBeKeptByACdnForASecond_AndShowAStockChangeMadeElsewhere_OnceTheSnapshotIsASecondOld()
    {
        await using var app = await EmbeddedApp.StartAsync();
        var before = await app.Api.GetCurrentSaleAsync();
        before.Value.Status.Should().Be("open");
        ShouldBeSharedCacheableForASecond(before.Headers.CacheControl);
        ShouldBeSharedCacheableForASecond((await app.Api.ListSalesAsync()).Headers.CacheControl);

        // Another API instance sells the last units: this process is not told.
        await SellOutBehindTheApisBackAsync(app, before.Value.SaleId);

        (await app.Api.GetCurrentSaleAsync()).Value.StockRemaining.Should().Be(before.Value.StockRemaining,
            "the answer comes from the snapshot, not from the database");
        app.Clock.Advance(CurrentSaleCache.MaxAge);
        var after = (await app.Api.GetCurrentSaleAsync()).Value;
        after.StockRemaining.Should().Be(0);
        after.Status.Should().Be("sold_out");
        (await app.Api.ListSalesAsync()).Value.Single(s => s.SaleId == before.Value.SaleId).Status.Should().Be("sold_out");
    }

    private static void ShouldBeSharedCacheableForASecond(CacheControlHeaderValue? cacheControl)
    {
        cacheControl.Should().NotBeNull();
        cacheControl!.Public.Should().BeTrue("the answer is the same for every shopper");
        cacheControl.NoStore.Should().BeFalse();
        cacheControl.SharedMaxAge.Should().Be(TimeSpan.FromSeconds(1), "a CDN absorbs the crowd's reads");
        cacheControl.MaxAge.Should().Be(TimeSpan.Zero, "the page reads the sales right after its shopper bought: no stale browser copy");
    }

    private static async Task SellOutBehindTheApisBackAsync(EmbeddedApp app, Guid saleId)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FlashPurchaseDbContext>().Sales.Where(s => s.Id == saleId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StockRemaining, 0));
    }
}
