using System.Data.Common;
using Microsoft.EntityFrameworkCore;

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
