using FlashPurchase.Domain.Orders;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlashPurchase.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(o => o.SaleId).HasColumnName("sale_id");
        builder.Property(o => o.UserId).HasColumnName("user_id");
        builder.Property(o => o.PurchaseTokenId).HasColumnName("purchase_token_id");
        builder.Property(o => o.ProductName).HasColumnName("product_name").HasMaxLength(200).IsRequired();
        builder.Property(o => o.Price).HasColumnName("price").HasPrecision(12, 2);
        builder.Property(o => o.Currency).HasColumnName("currency").HasMaxLength(3).IsRequired();
        builder.Property(o => o.PlacedAt).HasColumnName("placed_at");

        // The invariants of the sale, kept by the database under any race: one order per shopper, one per token.
        builder.HasIndex(o => new { o.SaleId, o.UserId }).IsUnique().HasDatabaseName("ux_orders_sale_user");
        builder.HasIndex(o => o.PurchaseTokenId).IsUnique().HasDatabaseName("ux_orders_purchase_token");
        builder.HasIndex(o => o.UserId).HasDatabaseName("ix_orders_user");
        builder.HasOne<Sale>().WithMany().HasForeignKey(o => o.SaleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PurchaseToken>().WithMany().HasForeignKey(o => o.PurchaseTokenId).OnDelete(DeleteBehavior.Restrict);
    }
}
