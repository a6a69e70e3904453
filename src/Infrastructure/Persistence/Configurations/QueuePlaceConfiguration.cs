using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using FlashPurchase.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlashPurchase.Infrastructure.Persistence.Configurations;

internal sealed class QueuePlaceConfiguration : IEntityTypeConfiguration<QueuePlace>
{
    public void Configure(EntityTypeBuilder<QueuePlace> builder)
    {
        builder.ToTable("queue_places");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(p => p.SaleId).HasColumnName("sale_id");
        builder.Property(p => p.UserId).HasColumnName("user_id");
        builder.Property(p => p.Position).HasColumnName("position");
        builder.Property(p => p.QueueToken).HasColumnName("queue_token").HasMaxLength(2048).IsRequired();
        builder.Property(p => p.IssuedAt).HasColumnName("issued_at");
        builder.Property(p => p.ExpiresAt).HasColumnName("expires_at");

        // One place per shopper per sale: two simultaneous "join" clicks cannot both get one.
        builder.Property<bool>(SaleReleaseColumns.HeldBack).HasColumnName("held_back");
        builder.HasIndex(p => new { p.SaleId, p.UserId }).IsUnique().HasDatabaseName("ux_queue_places_sale_user");
        builder.HasIndex(p => new { p.SaleId, p.Position }).IsUnique().HasDatabaseName("ux_queue_places_sale_position");
        builder.HasIndex(p => new { p.SaleId, p.ExpiresAt }).HasDatabaseName("ix_queue_places_sale_expires");
        builder.HasOne<Sale>().WithMany().HasForeignKey(p => p.SaleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
