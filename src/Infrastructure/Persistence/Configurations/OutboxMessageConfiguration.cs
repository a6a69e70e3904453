using FlashPurchase.Infrastructure.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlashPurchase.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.Type).HasColumnName("type").HasMaxLength(200).IsRequired();
        builder.Property(m => m.Payload).HasColumnName("payload").IsRequired();
        builder.Property(m => m.OccurredAt).HasColumnName("occurred_at");
        builder.Property(m => m.SentAt).HasColumnName("sent_at");
        builder.Property(m => m.LeaseUntil).HasColumnName("lease_until");
        builder.Property(m => m.ClaimId).HasColumnName("claim_id");
        builder.Property(m => m.Attempts).HasColumnName("attempts");

        // The relay's look-up (unsent, oldest first) and its pruning (sent before a cut-off) both start from sent_at.
        builder.HasIndex(m => new { m.SentAt, m.OccurredAt }).HasDatabaseName("ix_outbox_messages_unsent");
    }
}
