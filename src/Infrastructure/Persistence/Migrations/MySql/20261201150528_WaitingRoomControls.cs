using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashPurchase.Infrastructure.Persistence.Migrations.MySql
{
    /// <inheritdoc />
    public partial class WaitingRoomControls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_queue_places_sale_user",
                table: "queue_places");

            migrationBuilder.AddColumn<int>(
                name: "challenge_difficulty",
                table: "sales",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "max_active_shoppers",
                table: "sales",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_release_at",
                table: "sales",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "pre_queue",
                table: "sales",
                type: "time(6)",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<bool>(
                name: "pre_queue_drawn",
                table: "sales",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "purchase_window",
                table: "sales",
                type: "time(6)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "release_rate",
                table: "sales",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "challenge_id",
                table: "queue_places",
                type: "char(36)",
                nullable: true,
                collation: "ascii_general_ci");

            migrationBuilder.AddColumn<Guid>(
                name: "live_user_id",
                table: "queue_places",
                type: "char(36)",
                nullable: true,
                collation: "ascii_general_ci");

            migrationBuilder.AddColumn<bool>(
                name: "pre_queued",
                table: "queue_places",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "revoked_at",
                table: "queue_places",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "revoked_at",
                table: "purchase_tokens",
                type: "datetime(6)",
                nullable: true);

            // Every place stored so far is its shopper's current one: a rejoin used to delete the old row.
            migrationBuilder.Sql("UPDATE queue_places SET live_user_id = user_id;");

            migrationBuilder.CreateIndex(
                name: "ix_queue_places_sale_user",
                table: "queue_places",
                columns: new[] { "sale_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ux_queue_places_challenge",
                table: "queue_places",
                column: "challenge_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_queue_places_live_user_sale",
                table: "queue_places",
                columns: new[] { "live_user_id", "sale_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_tokens_sale_expires",
                table: "purchase_tokens",
                columns: new[] { "sale_id", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // One row per shopper and sale again, as the older unique key needs: the replaced places go.
            migrationBuilder.Sql("DELETE FROM queue_places WHERE live_user_id IS NULL;");

            migrationBuilder.DropIndex(
                name: "ix_queue_places_sale_user",
                table: "queue_places");

            migrationBuilder.DropIndex(
                name: "ux_queue_places_challenge",
                table: "queue_places");

            migrationBuilder.DropIndex(
                name: "ux_queue_places_live_user_sale",
                table: "queue_places");

            migrationBuilder.DropIndex(
                name: "ix_purchase_tokens_sale_expires",
                table: "purchase_tokens");

            migrationBuilder.DropColumn(
                name: "challenge_difficulty",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "max_active_shoppers",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "next_release_at",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "pre_queue",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "pre_queue_drawn",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "purchase_window",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "release_rate",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "challenge_id",
                table: "queue_places");

            migrationBuilder.DropColumn(
                name: "live_user_id",
                table: "queue_places");

            migrationBuilder.DropColumn(
                name: "pre_queued",
                table: "queue_places");

            migrationBuilder.DropColumn(
                name: "revoked_at",
                table: "queue_places");

            migrationBuilder.DropColumn(
                name: "revoked_at",
                table: "purchase_tokens");

            migrationBuilder.CreateIndex(
                name: "ux_queue_places_sale_user",
                table: "queue_places",
                columns: new[] { "sale_id", "user_id" },
                unique: true);
        }
    }
}
