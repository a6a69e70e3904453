namespace FlashPurchase.Domain.Sales;

/// <summary>
/// One product sold at one price to at most <see cref="StockTotal"/> shoppers, one unit each, within a time window.
/// The database is the truth for <see cref="StockRemaining"/> and <see cref="QueueLength"/>: they only change through
/// atomic conditional updates (see the repositories), never by loading, changing and saving this object.
/// </summary>
public sealed class Sale
{
    private Sale()
    {
        ProductName = string.Empty;
        Currency = string.Empty;
    }

    public Guid Id { get; private set; }
    public string ProductName { get; private set; }
    public decimal Price { get; private set; }
    public string Currency { get; private set; }
    public int StockTotal { get; private set; }
    public int StockRemaining { get; private set; }
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset ClosesAt { get; private set; }

    /// <summary>How many shoppers may hold a queue place (an unexpired queue token) at once; 0 means no limit.</summary>
    public int QueueCapacity { get; private set; }

    /// <summary>How many queue places have been handed out; the last one's position.</summary>
    public long QueueLength { get; private set; }

    public static Sale Schedule(
        Guid id, string productName, decimal price, string currency, int stock,
        DateTimeOffset opensAt, TimeSpan duration, int queueCapacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productName);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        ArgumentOutOfRangeException.ThrowIfNegative(stock);
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);

        return new Sale
        {
            Id = id,
            ProductName = productName,
            Price = price,
            Currency = currency,
            StockTotal = stock,
            StockRemaining = stock,
            OpensAt = opensAt.ToUniversalTime(),
            ClosesAt = opensAt.ToUniversalTime() + duration,
            QueueCapacity = queueCapacity,
        };
    }

    public SaleStatus StatusAt(DateTimeOffset now) =>
        now >= ClosesAt ? SaleStatus.Closed
        : now < OpensAt ? SaleStatus.Scheduled
        : StockRemaining <= 0 ? SaleStatus.SoldOut
        : SaleStatus.Open;

    public bool IsSoldOut => StockRemaining <= 0;
}
