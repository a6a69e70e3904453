using FlashPurchase.Domain.Errors;

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

    /// <summary>
    /// Set by an operator: newcomers are refused (<c>queue_paused</c>) and no purchase token is released; shoppers
    /// keep their places and released purchase tokens still buy.
    /// </summary>
    public bool Paused { get; private set; }

    public TimeSpan Duration => ClosesAt - OpensAt;

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

    /// <summary>
    /// Whether an operator may make <paramref name="edit"/> now: nothing changes in a closed sale, and once the sale has
    /// opened its product, price, currency and opening time are what shoppers queued for. A field that repeats its
    /// current value is not a change. The stock rule (never below the orders placed) is the database's, atomically.
    /// </summary>
    public Error? RefusalOf(SaleEdit edit, DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status == SaleStatus.Closed)
        {
            return DomainErrors.SaleClosed;
        }

        if (status == SaleStatus.Scheduled)
        {
            return null;
        }

        var locked = new List<string>();
        AddIfChanged(locked, "productName", edit.ProductName, ProductName);
        AddIfChanged(locked, "price", edit.Price, Price);
        AddIfChanged(locked, "currency", edit.Currency, Currency);
        AddIfChanged(locked, "opensAt", edit.OpensAt?.ToUniversalTime(), OpensAt);
        return locked.Count == 0 ? null : DomainErrors.SaleAlreadyOpen(locked);
    }

    /// <summary>Applies an edit that <see cref="RefusalOf"/> allowed, stock aside (see there).</summary>
    public void Apply(SaleEdit edit)
    {
        var duration = edit.Duration ?? Duration;
        ProductName = edit.ProductName ?? ProductName;
        Price = edit.Price ?? Price;
        Currency = edit.Currency ?? Currency;
        QueueCapacity = edit.QueueCapacity ?? QueueCapacity;
        OpensAt = edit.OpensAt?.ToUniversalTime() ?? OpensAt;
        ClosesAt = OpensAt + duration;
    }

    private static void AddIfChanged(List<string> changed, string field, object? requested, object current)
    {
        // Equals compares values: 699.0m is 699.00m, and two offsets naming one instant are equal.
        if (requested is not null && !requested.Equals(current))
        {
            changed.Add(field);
        }
    }
}

/// <summary>What an operator asks to change in a sale: null leaves a field as it is.</summary>
public sealed record SaleEdit(
    string? ProductName = null,
    decimal? Price = null,
    string? Currency = null,
    int? Stock = null,
    DateTimeOffset? OpensAt = null,
    TimeSpan? Duration = null,
    int? QueueCapacity = null);
