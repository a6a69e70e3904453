using System.Data.Common;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// The invariants of the sale (orders never exceed stock, one order per shopper, one per purchase token) as the
/// database keeps them under real concurrency. The same tests run on MariaDB and on the embedded SQLite.
/// </summary>
public abstract class OrderRepositoryTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task PlaceAsync_WhenFiftyBuyersRaceForTenUnits_PlacesExactlyTen()
    {
        var sale = await Services.AddSaleAsync(stock: 10);
        var users = await Services.AddUsersAsync(50);
        var tokens = new List<Domain.Queue.PurchaseToken>();
        foreach (var user in users)
        {
            tokens.Add(await Services.AddPurchaseTokenAsync(sale, user));
        }

        var outcomes = await Race.RunAsync(Services, 50, (i, scope) =>
            scope.GetRequiredService<IOrderRepository>().PlaceAsync(
                Order.Place(sale, users[i].Id, tokens[i].Id, DateTimeOffset.UtcNow), CancellationToken.None));

        outcomes.Count(o => o == PlaceOrderOutcome.Placed).Should().Be(10);
        outcomes.Count(o => o == PlaceOrderOutcome.SoldOut).Should().Be(40);
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(0);
        var orders = await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).ToListAsync());
        orders.Should().HaveCount(10);
        orders.Select(o => o.UserId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task PlaceAsync_WhenTheShopperBuysAgainWithAnotherToken_ReturnsDuplicateAndGivesTheUnitBack()
    {
        var sale = await Services.AddSaleAsync(stock: 5);
        var user = await Services.AddUserAsync();
        var first = await Services.AddPurchaseTokenAsync(sale, user);
        var second = await Services.AddPurchaseTokenAsync(sale, user);

        var firstOutcome = await PlaceAsync(Order.Place(sale, user.Id, first.Id, DateTimeOffset.UtcNow));
        var secondOutcome = await PlaceAsync(Order.Place(sale, user.Id, second.Id, DateTimeOffset.UtcNow));

        firstOutcome.Should().Be(PlaceOrderOutcome.Placed);
        secondOutcome.Should().Be(PlaceOrderOutcome.Duplicate);
        // The second attempt took a unit before its insert failed; the rollback must have returned it.
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(4);
        (await Services.QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user.Id))).Should().Be(1);
    }

    [Fact]
    public async Task FindForPurchaseAsync_FindsTheTokensOrder_AndTheShoppersOrderWithAnotherToken_InOneRead()
    {
        var sale = await Services.AddSaleAsync(stock: 5);
        var otherSale = await Services.AddSaleAsync(stock: 5);
        var (buyer, neighbour, newcomer) = (await Services.AddUserAsync(), await Services.AddUserAsync(), await Services.AddUserAsync());
        var used = await Services.AddPurchaseTokenAsync(sale, buyer);
        var second = await Services.AddPurchaseTokenAsync(sale, buyer);
        var neighbours = await Services.AddPurchaseTokenAsync(sale, neighbour);
        var newcomers = await Services.AddPurchaseTokenAsync(sale, newcomer);
        var elsewhere = await Services.AddPurchaseTokenAsync(otherSale, newcomer);
        var order = Order.Place(sale, buyer.Id, used.Id, DateTimeOffset.UtcNow);
        (await PlaceAsync(order)).Should().Be(PlaceOrderOutcome.Placed);
        (await PlaceAsync(Order.Place(sale, neighbour.Id, neighbours.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Placed);
        (await PlaceAsync(Order.Place(otherSale, newcomer.Id, elsewhere.Id, DateTimeOffset.UtcNow))).Should().Be(PlaceOrderOutcome.Placed);

        var retry = await FindForPurchaseAsync(used.Id, sale.Id, buyer.Id);
        var withAnotherToken = await FindForPurchaseAsync(second.Id, sale.Id, buyer.Id);
        var first = await FindForPurchaseAsync(newcomers.Id, sale.Id, newcomer.Id);

        retry.ByToken!.Id.Should().Be(order.Id);
        retry.ShopperHasOrder.Should().BeTrue();
        withAnotherToken.Should().Be(new OrdersOfPurchase(null, ShopperHasOrder: true));
        first.Should().Be(new OrdersOfPurchase(null, ShopperHasOrder: false), "the neighbour's order and the newcomer's order in another sale are not this purchase's");
    }

    [Fact]
    public async Task PlaceAsync_WhenTheSamePurchaseTokenIsSentTwiceAtOnce_PlacesOneOrderPerToken()
    {
        // Ten shoppers each double-submit their token at the same moment (a retried request racing the original).
        var sale = await Services.AddSaleAsync(stock: 20);
        var users = await Services.AddUsersAsync(10);
        var tokens = new List<Domain.Queue.PurchaseToken>();
        foreach (var user in users)
        {
            tokens.Add(await Services.AddPurchaseTokenAsync(sale, user));
        }

        var outcomes = await Race.RunAsync(Services, 20, (i, scope) =>
            scope.GetRequiredService<IOrderRepository>().PlaceAsync(
                Order.Place(sale, users[i / 2].Id, tokens[i / 2].Id, DateTimeOffset.UtcNow), CancellationToken.None));

        for (var pair = 0; pair < 10; pair++)
        {
            new[] { outcomes[2 * pair], outcomes[2 * pair + 1] }.Should()
                .BeEquivalentTo([PlaceOrderOutcome.Placed, PlaceOrderOutcome.Duplicate], $"token {pair} was sent twice");
        }

        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(10);
        var orders = await Services.QueryAsync(db => db.Orders.Where(o => o.SaleId == sale.Id).ToListAsync());
        orders.Select(o => o.PurchaseTokenId).Should().BeEquivalentTo(tokens.Select(t => t.Id));
    }

    [Fact]
    public async Task PlaceAsync_WhenStockIsGone_ReturnsSoldOutAndStoresNoOrder()
    {
        var sale = await Services.AddSaleAsync(stock: 0);
        var user = await Services.AddUserAsync();
        var token = await Services.AddPurchaseTokenAsync(sale, user);

        var outcome = await PlaceAsync(Order.Place(sale, user.Id, token.Id, DateTimeOffset.UtcNow));

        outcome.Should().Be(PlaceOrderOutcome.SoldOut);
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(0);
        (await Services.QueryAsync(db => db.Orders.CountAsync(o => o.SaleId == sale.Id))).Should().Be(0);
    }

    [Fact]
    public async Task StockRemaining_CannotBeWrittenBelowZero_TheCheckConstraintRefusesIt()
    {
        // The last line of defence: even a write that bypasses the conditional update cannot oversell.
        var sale = await Services.AddSaleAsync(stock: 3);

        var write = () => Services.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE sales SET stock_remaining = -1 WHERE id = {sale.Id}"));

        await write.Should().ThrowAsync<DbException>();
        (await Services.ReadSaleAsync(sale.Id)).StockRemaining.Should().Be(3);
    }

    [Fact]
    public async Task StockRemaining_CannotBeWrittenAboveTheTotal_TheCheckConstraintRefusesIt()
    {
        // A rollback bug that "returns" a unit twice would show up as more stock than the sale ever had.
        var sale = await Services.AddSaleAsync(stock: 3);

        var write = () => Services.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE sales SET stock_remaining = 4 WHERE id = {sale.Id}"));

        await write.Should().ThrowAsync<DbException>();
    }

    private async Task<PlaceOrderOutcome> PlaceAsync(Order order)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrderRepository>().PlaceAsync(order, CancellationToken.None);
    }

    private async Task<OrdersOfPurchase> FindForPurchaseAsync(Guid purchaseTokenId, Guid saleId, Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrderRepository>()
            .FindForPurchaseAsync(purchaseTokenId, saleId, userId, CancellationToken.None);
    }
}

[Collection(MariaDbRaces.Name)]
public sealed class MariaDbOrderRepositoryTests(MariaDbFixture fixture)
    : OrderRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteOrderRepositoryTests(SqliteFixture fixture)
    : OrderRepositoryTests(fixture), IClassFixture<SqliteFixture>;
