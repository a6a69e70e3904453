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
        builder.Property(p => p.PreQueued).HasColumnName("pre_queued");
        builder.Property(p => p.RevokedAt).HasColumnName("revoked_at");
        builder.Property(p => p.ChallengeId).HasColumnName("challenge_id");
        builder.Ignore(p => p.IsRevoked);
        builder.Property<bool>(SaleReleaseColumns.HeldBack).HasColumnName("held_back");
        builder.Property<Guid?>(SaleReleaseColumns.LiveUserId).HasColumnName("live_user_id");

        // One current place per shopper per sale: two simultaneous "join" clicks cannot both get one. The places a
        // shopper had before (left, or whose token expired) keep their rows with live_user_id null.
        builder.HasIndex(SaleReleaseColumns.LiveUserId, nameof(QueuePlace.SaleId)).IsUnique()
            .HasDatabaseName("ux_queue_places_live_user_sale");
        builder.HasIndex(p => new { p.SaleId, p.UserId }).HasDatabaseName("ix_queue_places_sale_user");

        // A proof-of-work solution admits once, whichever API instance it reaches.
        builder.HasIndex(p => p.ChallengeId).IsUnique().HasDatabaseName("ux_queue_places_challenge");
        builder.HasIndex(p => new { p.SaleId, p.Position }).IsUnique().HasDatabaseName("ux_queue_places_sale_position");
        builder.HasIndex(p => new { p.SaleId, p.ExpiresAt }).HasDatabaseName("ix_queue_places_sale_expires");
        builder.HasOne<Sale>().WithMany().HasForeignKey(p => p.SaleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
