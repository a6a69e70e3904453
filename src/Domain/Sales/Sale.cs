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

    /// <summary>How long before <see cref="OpensAt"/> shoppers may join a pre-queue, drawn at random at the opening; 0: none.</summary>
    public TimeSpan PreQueue { get; private set; }

    /// <summary>Purchase tokens released per minute at most, at an even pace; 0: as fast as the worker converts.</summary>
    public int ReleaseRate { get; private set; }

    /// <summary>Released purchase tokens that may be unexpired and unused at once; 0: no limit.</summary>
    public int MaxActiveShoppers { get; private set; }

    /// <summary>How long a released purchase token may be used; null: the configured token lifetime.</summary>
    public TimeSpan? PurchaseWindow { get; private set; }

    /// <summary>Leading zero bits of SHA-256 the proof of work asked at joining needs; 0: no challenge.</summary>
    public int ChallengeDifficulty { get; private set; }

    public TimeSpan Duration => ClosesAt - OpensAt;

    /// <summary>When the pre-queue opens; null when the sale has none.</summary>
    public DateTimeOffset? PreQueueOpensAt => PreQueue > TimeSpan.Zero ? OpensAt - PreQueue : null;

    /// <summary>The waiting-room controls, as one value.</summary>
    public WaitingRoom WaitingRoom => new(PreQueue, ReleaseRate, MaxActiveShoppers, PurchaseWindow, ChallengeDifficulty);

    /// <summary>
    /// True when purchase tokens may not be released as soon as the worker converts their queue tokens: a release pace
    /// or a limit of active shoppers holds them, in queue order, for the release loop.
    /// </summary>
    public bool PacesReleases => ReleaseRate > 0 || MaxActiveShoppers > 0;

    public static Sale Schedule(
        Guid id, string productName, decimal price, string currency, int stock,
        DateTimeOffset opensAt, TimeSpan duration, int queueCapacity, WaitingRoom? waitingRoom = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productName);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        ArgumentOutOfRangeException.ThrowIfNegative(stock);
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var room = waitingRoom ?? WaitingRoom.Off;
        room.ThrowIfInvalid();

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
            PreQueue = room.PreQueue,
            ReleaseRate = room.ReleaseRate,
            MaxActiveShoppers = room.MaxActiveShoppers,
            PurchaseWindow = room.PurchaseWindow,
            ChallengeDifficulty = room.ChallengeDifficulty,
        };
    }

    public SaleStatus StatusAt(DateTimeOffset now) =>
        now >= ClosesAt ? SaleStatus.Closed
        : now < OpensAt ? SaleStatus.Scheduled
        : StockRemaining <= 0 ? SaleStatus.SoldOut
        : SaleStatus.Open;

    public bool IsSoldOut => StockRemaining <= 0;

    /// <summary>Between the pre-queue's opening and the sale's: shoppers may join, and are drawn at the opening.</summary>
    public bool InPreQueueAt(DateTimeOffset now) => PreQueueOpensAt is { } preQueueOpensAt && now >= preQueueOpensAt && now < OpensAt;

    /// <summary>
    /// The status joining the queue sees: the sale's, except that inside the pre-queue the scheduled sale takes places
    /// as if open (so the queue's rules, capacity, pause and stock, apply there as they do once it opens).
    /// </summary>
    public SaleStatus JoiningStatusAt(DateTimeOffset now) =>
        InPreQueueAt(now) ? (IsSoldOut ? SaleStatus.SoldOut : SaleStatus.Open) : StatusAt(now);

    /// <summary>
    /// Whether an operator may make <paramref name="edit"/> now: nothing changes in a closed sale, and once the sale has
    /// opened its product, price, currency and opening time are what shoppers queued for. A field that repeats its
    /// current value is not a change. The pre-queue is locked too: the shoppers in it were drawn, or are about to be.
    /// The stock rule (never below the orders placed) is the database's, atomically.
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
        AddIfChanged(locked, "preQueue", edit.PreQueue, PreQueue);
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
        PreQueue = edit.PreQueue ?? PreQueue;
        ReleaseRate = edit.ReleaseRate ?? ReleaseRate;
        MaxActiveShoppers = edit.MaxActiveShoppers ?? MaxActiveShoppers;
        PurchaseWindow = edit.PurchaseWindow ?? PurchaseWindow;
        ChallengeDifficulty = edit.ChallengeDifficulty ?? ChallengeDifficulty;
        WaitingRoom.ThrowIfInvalid();
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
    int? QueueCapacity = null,
    TimeSpan? PreQueue = null,
    int? ReleaseRate = null,
    int? MaxActiveShoppers = null,
    TimeSpan? PurchaseWindow = null,
    int? ChallengeDifficulty = null);
