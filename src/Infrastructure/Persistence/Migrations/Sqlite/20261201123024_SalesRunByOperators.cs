using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashPurchase.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesRunByOperators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_admin",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "has_held_back",
                table: "sales",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "paused",
                table: "sales",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "held_back",
                table: "queue_places",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_admin",
                table: "users");

            migrationBuilder.DropColumn(
                name: "has_held_back",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "paused",
                table: "sales");

            migrationBuilder.DropColumn(
                name: "held_back",
                table: "queue_places");
        }
    }
}
