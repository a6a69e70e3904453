using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlashPurchase.Infrastructure.Persistence.Configurations;

internal sealed class PurchaseTokenConfiguration : IEntityTypeConfiguration<PurchaseToken>
{
    public void Configure(EntityTypeBuilder<PurchaseToken> builder)
    {
        builder.ToTable("purchase_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(t => t.QueueTokenId).HasColumnName("queue_token_id");
        builder.Property(t => t.SaleId).HasColumnName("sale_id");
        builder.Property(t => t.UserId).HasColumnName("user_id");
        builder.Property(t => t.Token).HasColumnName("token").HasMaxLength(2048).IsRequired();
        builder.Property(t => t.IssuedAt).HasColumnName("issued_at");
        builder.Property(t => t.ExpiresAt).HasColumnName("expires_at");
        builder.Property(t => t.RevokedAt).HasColumnName("revoked_at");
        builder.Ignore(t => t.IsRevoked);

        // One purchase token per queue token: a redelivered message creates nothing new.
        // No foreign key to queue_places: the worker may convert a token before the API has committed its place.
        builder.HasIndex(t => t.QueueTokenId).IsUnique().HasDatabaseName("ux_purchase_tokens_queue_token");

        // The worker's measured pace: the tokens of a sale issued in the last seconds are one index range.
        builder.HasIndex(t => new { t.SaleId, t.IssuedAt }).HasDatabaseName("ix_purchase_tokens_sale_issued");
        // The active shoppers (released, unexpired, unused) of a sale are one index range, counted at every release.
        builder.HasIndex(t => new { t.SaleId, t.ExpiresAt }).HasDatabaseName("ix_purchase_tokens_sale_expires");
        builder.HasOne<Sale>().WithMany().HasForeignKey(t => t.SaleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
