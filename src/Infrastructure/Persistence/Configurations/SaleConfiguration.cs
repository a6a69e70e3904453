using FlashPurchase.Domain.Sales;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlashPurchase.Infrastructure.Persistence.Configurations;

internal sealed class SaleConfiguration : IEntityTypeConfiguration<Sale>
{
    public void Configure(EntityTypeBuilder<Sale> builder)
    {
        builder.ToTable("sales", t =>
        {
            // The last line of defence against oversell, whatever the code above it does.
            t.HasCheckConstraint("ck_sales_stock_remaining", "stock_remaining >= 0 AND stock_remaining <= stock_total");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(s => s.ProductName).HasColumnName("product_name").HasMaxLength(200).IsRequired();
        builder.Property(s => s.Price).HasColumnName("price").HasPrecision(12, 2);
        builder.Property(s => s.Currency).HasColumnName("currency").HasMaxLength(3).IsRequired();
        builder.Property(s => s.StockTotal).HasColumnName("stock_total");
        builder.Property(s => s.StockRemaining).HasColumnName("stock_remaining");
        builder.Property(s => s.OpensAt).HasColumnName("opens_at");
        builder.Property(s => s.ClosesAt).HasColumnName("closes_at");
        builder.Property(s => s.QueueCapacity).HasColumnName("queue_capacity");
        builder.Property(s => s.QueueLength).HasColumnName("queue_length");
        builder.Property(s => s.Paused).HasColumnName("paused");
        builder.Property(s => s.PreQueue).HasColumnName("pre_queue");
        builder.Property(s => s.ReleaseRate).HasColumnName("release_rate");
        builder.Property(s => s.MaxActiveShoppers).HasColumnName("max_active_shoppers");
        builder.Property(s => s.PurchaseWindow).HasColumnName("purchase_window");
        builder.Property(s => s.ChallengeDifficulty).HasColumnName("challenge_difficulty");
        builder.Property<bool>(SaleReleaseColumns.HasHeldBack).HasColumnName("has_held_back");
        builder.Property<DateTimeOffset?>(SaleReleaseColumns.NextReleaseAt).HasColumnName("next_release_at");
        builder.Property<bool>(SaleReleaseColumns.PreQueueDrawn).HasColumnName("pre_queue_drawn");
        builder.Property<bool>(SaleAnnouncementColumns.OpeningAnnounced).HasColumnName("opening_announced");
        builder.Property<bool>(SaleAnnouncementColumns.ClosingAnnounced).HasColumnName("closing_announced");
        builder.Ignore(s => s.PreQueueOpensAt);
        builder.Ignore(s => s.WaitingRoom);
        builder.Ignore(s => s.PacesReleases);
        builder.Ignore(s => s.IsSoldOut);
        builder.Ignore(s => s.Duration);
        builder.HasIndex(s => s.OpensAt).HasDatabaseName("ix_sales_opens_at");
    }
}
