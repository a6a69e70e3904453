using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashPurchase.Infrastructure.Persistence.Migrations.MySql
{
    /// <inheritdoc />
    public partial class IntegrationEventOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "closing_announced",
                table: "sales",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "opening_announced",
                table: "sales",
                type: "tinyint(1)",
                nullable: false,
                defaultValue: false);

            // Sales that opened or closed before this version are not announced late: only transitions from now on are.
            migrationBuilder.Sql(
                "UPDATE sales SET opening_announced = opens_at <= UTC_TIMESTAMP(6), closing_announced = closes_at <= UTC_TIMESTAMP(6);");

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    type = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    payload = table.Column<string>(type: "longtext", nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    occurred_at = table.Column<DateTimeOffset>(type: "datetime(6)", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "datetime(6)", nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "datetime(6)", nullable: true),
                    claim_id = table.Column<Guid>(type: "char(36)", nullable: true, collation: "ascii_general_ci"),
                    attempts = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                columns: new[] { "sent_at", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "closing_announced",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "opening_announced",
                table: "sales");
        }
    }
}
