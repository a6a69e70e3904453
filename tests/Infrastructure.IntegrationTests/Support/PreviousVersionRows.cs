using System.Data.Common;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Orders;
using FlashPurchase.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Support;

/// <summary>
/// A shopper's whole journey, as an earlier version stored it: a user, a sale, a queue place, a purchase token and an
/// order. Written with plain SQL against the earlier schema (the model may have moved on since), in the format that
/// version's EF Core wrote; read back through today's model after an upgrade.
/// </summary>
internal static class PreviousVersionRows
{
    public static readonly Guid UserId = new("5e7a0001-0000-4000-8000-000000000001");
    public static readonly Guid SaleId = new("5e7a0002-0000-4000-8000-000000000002");
    public static readonly Guid PlaceId = new("5e7a0003-0000-4000-8000-000000000003");
    public static readonly Guid QueueTokenId = new("5e7a0004-0000-4000-8000-000000000004");
    public static readonly Guid PurchaseTokenId = new("5e7a0005-0000-4000-8000-000000000005");
    public static readonly Guid OrderId = new("5e7a0006-0000-4000-8000-000000000006");
    public static readonly DateTimeOffset Earlier = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Later = Earlier.AddHours(1);
    public const decimal Price = 699.00m;

    /// <summary>An instant within the sale's window: the clock of the services that <see cref="AssertStillSellsAsync"/> checks.</summary>
    public static readonly DateTimeOffset DuringTheSale = Earlier.AddMinutes(30);

    private const string Insert = """
        INSERT INTO users (id, username, password_hash, created_at) VALUES (@user, 'alice', 'a-hash', @earlier);
        INSERT INTO sales (id, product_name, price, currency, stock_total, stock_remaining, opens_at, closes_at, queue_capacity, queue_length)
            VALUES (@sale, 'iPhone 11 Pro', @price, 'EUR', 100, 99, @earlier, @later, 0, 1);
        INSERT INTO queue_places (id, sale_id, user_id, position, queue_token, issued_at, expires_at)
            VALUES (@place, @sale, @user, 1, 'a-queue-token', @earlier, @later);
        INSERT INTO purchase_tokens (id, queue_token_id, sale_id, user_id, token, issued_at, expires_at)
            VALUES (@purchase_token, @queue_token, @sale, @user, 'a-purchase-token', @earlier, @later);
        INSERT INTO orders (id, sale_id, user_id, purchase_token_id, product_name, price, currency, placed_at)
            VALUES (@order, @sale, @user, @purchase_token, 'iPhone 11 Pro', @price, 'EUR', @earlier);
        """;

    /// <summary>As EF Core 9 stores them on SQLite: GUIDs as upper-case text, instants as UTC ticks, decimals as text.</summary>
    public static Task InsertIntoSqliteAsync(DbConnection connection) => InsertAsync(connection,
        id => id.ToString().ToUpperInvariant(), instant => instant.UtcTicks, "699.0");

    /// <summary>As Pomelo stores them on MySQL/MariaDB: GUIDs as char(36), instants as UTC datetime(6).</summary>
    public static Task InsertIntoMySqlAsync(DbConnection connection) => InsertAsync(connection,
        id => id.ToString(), instant => instant.UtcDateTime, Price);

    /// <summary>Every row is there, as it was written, read through today's model.</summary>
    public static async Task AssertKeptAsync(IServiceProvider services)
    {
        var order = await services.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync());
        order.Id.Should().Be(OrderId);
        order.SaleId.Should().Be(SaleId);
        order.UserId.Should().Be(UserId);
        order.PurchaseTokenId.Should().Be(PurchaseTokenId);
        order.ProductName.Should().Be("iPhone 11 Pro");
        order.Price.Should().Be(Price);
        order.Currency.Should().Be("EUR");
        order.PlacedAt.Should().Be(Earlier);

        var user = await services.QueryAsync(db => db.Users.AsNoTracking().SingleAsync());
        (user.Id, user.Username, user.CreatedAt).Should().Be((UserId, "alice", Earlier));

        var sale = await services.QueryAsync(db => db.Sales.AsNoTracking().SingleAsync());
        (sale.Id, sale.StockTotal, sale.StockRemaining, sale.QueueLength, sale.OpensAt, sale.ClosesAt)
            .Should().Be((SaleId, 100, 99, 1L, Earlier, Later));

        var place = await services.QueryAsync(db => db.QueuePlaces.AsNoTracking().SingleAsync());
        (place.Id, place.SaleId, place.UserId, place.Position, place.ExpiresAt).Should().Be((PlaceId, SaleId, UserId, 1L, Later));

        var token = await services.QueryAsync(db => db.PurchaseTokens.AsNoTracking().SingleAsync());
        (token.Id, token.QueueTokenId, token.Token, token.IssuedAt).Should().Be((PurchaseTokenId, QueueTokenId, "a-purchase-token", Earlier));
    }

    /// <summary>
    /// The columns SalesRunByOperators added read as their defaults on the rows kept: the user is no operator, the sale
    /// is not paused and holds nothing back, the place is not held back.
    /// </summary>
    public static async Task AssertNewColumnsDefaultedAsync(IServiceProvider services)
    {
        (await services.QueryAsync(db => db.Users.AsNoTracking().SingleAsync())).IsAdmin.Should().BeFalse();
        (await services.QueryAsync(db => db.Sales.AsNoTracking().SingleAsync())).Paused.Should().BeFalse();
        (await services.QueryAsync(db => db.Sales.Select(s => EF.Property<bool>(s, SaleReleaseColumns.HasHeldBack)).SingleAsync()))
            .Should().BeFalse();
        (await services.QueryAsync(db => db.QueuePlaces.Select(p => EF.Property<bool>(p, SaleReleaseColumns.HeldBack)).SingleAsync()))
            .Should().BeFalse();
    }

    /// <summary>
    /// The sale kept opened and closed before the upgrade (by the wall clock the migration reads): the migration marks
    /// both announced, so SaleOpened and SaleClosed are not sent late for it.
    /// </summary>
    public static async Task AssertPastTransitionsMarkedAnnouncedAsync(IServiceProvider services)
    {
        var marks = await services.QueryAsync(db => db.Sales.Where(s => s.Id == SaleId).Select(s => new
        {
            Opening = EF.Property<bool>(s, SaleAnnouncementColumns.OpeningAnnounced),
            Closing = EF.Property<bool>(s, SaleAnnouncementColumns.ClosingAnnounced),
        }).SingleAsync());
        marks.Should().BeEquivalentTo(new { Opening = true, Closing = true });
        await using var scope = services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ISaleAnnouncements>().SalesDueAsync(DateTimeOffset.UtcNow, CancellationToken.None))
            .Should().NotContain(SaleId);
    }

    /// <summary>
    /// The sale kept goes on selling through today's repositories (<paramref name="services"/>' clock at
    /// <see cref="DuringTheSale"/>): a second shopper joins behind alice, the worker's release stores a purchase token for
    /// the place at once (not paused, nothing held back), the shopper buys the second unit; alice, who bought before the
    /// upgrade, cannot buy again; and an operator can pause and resume the sale.
    /// </summary>
    public static async Task AssertStillSellsAsync(IServiceProvider services)
    {
        var bob = await services.AddUserAsync();
        var place = await services.AdmitAsync(SaleId, bob.Id);
        place.Position.Should().Be(2, "bob joins behind alice");

        await using var scope = services.CreateAsyncScope();
        var release = await scope.ServiceProvider.GetRequiredService<IPurchaseTokenRepository>()
            .AddNewAsync(SaleId, TestData.PurchaseTokensFor([place], DuringTheSale), CancellationToken.None);
        release.HeldBack.Should().BeFalse("the sale kept is not paused");
        release.Added.Should().Equal(place.Id);

        var sale = await services.ReadSaleAsync(SaleId);
        var purchaseToken = await services.QueryAsync(db => db.PurchaseTokens.SingleAsync(t => t.QueueTokenId == place.Id));
        var orders = scope.ServiceProvider.GetRequiredService<IOrderRepository>();
        (await orders.PlaceAsync(Order.Place(sale, bob.Id, purchaseToken.Id, DuringTheSale), CancellationToken.None))
            .Should().Be(PlaceOrderOutcome.Placed);
        (await orders.PlaceAsync(Order.Place(sale, UserId, PurchaseTokenId, DuringTheSale), CancellationToken.None))
            .Should().Be(PlaceOrderOutcome.Duplicate, "alice bought with this purchase token before the upgrade");
        (await services.ReadSaleAsync(SaleId)).StockRemaining.Should().Be(98);
        (await services.QueryAsync(db => db.Orders.CountAsync(o => o.SaleId == SaleId))).Should().Be(2);

        var sales = scope.ServiceProvider.GetRequiredService<ISaleRepository>();
        (await sales.GetCurrentAsync(CancellationToken.None))!.Id.Should().Be(SaleId);
        (await sales.SetPausedAsync(SaleId, true, DuringTheSale, CancellationToken.None)).Should().BeTrue();
        (await services.ReadSaleAsync(SaleId)).Paused.Should().BeTrue();
        (await sales.SetPausedAsync(SaleId, false, DuringTheSale, CancellationToken.None)).Should().BeTrue();
    }

    private static async Task InsertAsync(
        DbConnection connection, Func<Guid, object> id, Func<DateTimeOffset, object> instant, object price)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Insert;
        Add(command, "@user", id(UserId));
        Add(command, "@sale", id(SaleId));
        Add(command, "@place", id(PlaceId));
        Add(command, "@queue_token", id(QueueTokenId));
        Add(command, "@purchase_token", id(PurchaseTokenId));
        Add(command, "@order", id(OrderId));
        Add(command, "@earlier", instant(Earlier));
        Add(command, "@later", instant(Later));
        Add(command, "@price", price);
        await command.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
