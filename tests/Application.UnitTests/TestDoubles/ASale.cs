using FlashPurchase.Domain.Sales;

namespace FlashPurchase.Application.UnitTests.TestDoubles;

/// <summary>
/// Sales in each state relative to an instant. The status comes from the real <see cref="Sale"/>, so the handlers are
/// tested against the same window rules the domain enforces, not against a stub's idea of them.
/// </summary>
public static class ASale
{
    public static readonly TimeSpan Duration = TimeSpan.FromHours(1);

    public static Sale OpenAt(DateTimeOffset now, int stock = 10) => OpeningAt(now.AddMinutes(-10), stock);

    public static Sale SoldOutAt(DateTimeOffset now) => OpenAt(now, stock: 0);

    public static Sale ClosedAt(DateTimeOffset now) => OpeningAt(now - Duration - TimeSpan.FromMinutes(1), stock: 10);

    public static Sale ScheduledAt(DateTimeOffset now) => OpeningAt(now.AddMinutes(30), stock: 10);

    public static Sale OpeningAt(DateTimeOffset opensAt, int stock) =>
        Sale.Schedule(Guid.NewGuid(), "iPhone 11 Pro", 699.00m, "EUR", stock, opensAt, Duration, queueCapacity: 0);
}
