namespace FlashPurchase.Infrastructure.Sales;

/// <summary>The default sale, created at start-up when the database holds no sale yet.</summary>
public sealed class FlashSaleOptions
{
    public const string SectionName = "FlashSale";

    /// <summary>
    /// The default sale's id is fixed, so that two processes seeding an empty database at once create one sale:
    /// the second insert hits the primary key.
    /// </summary>
    public static readonly Guid DefaultSaleId = new("5a1e0000-0000-4000-8000-00000000a11e");

    public string ProductName { get; set; } = "iPhone 11 Pro";
    public decimal Price { get; set; } = 699.00m;
    public string Currency { get; set; } = "EUR";
    public int Stock { get; set; } = 100;

    /// <summary>When the queue opens; start-up time when not set.</summary>
    public DateTimeOffset? OpensAt { get; set; }

    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many shoppers may hold a queue place (an unexpired queue token) at once; 0 means no limit.</summary>
    public int QueueCapacity { get; set; }
}
