using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlashPurchase.Infrastructure.Persistence.Migrations.MySql
{
    /// <summary>
    /// The index the estimated wait measures the worker's pace with: purchase tokens of a sale by issue time. It
    /// starts with sale_id, so it also serves the foreign key to sales, and the single-column index goes.
    /// </summary>
    public partial class PurchaseTokensBySaleAndIssuedAt : Migration
    {
        // Created before the old index is dropped (EF scaffolds the other order): MySQL refuses to drop the only index
        // a foreign key can use.

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_purchase_tokens_sale_issued",
                table: "purchase_tokens",
                columns: new[] { "sale_id", "issued_at" });

            migrationBuilder.DropIndex(
                name: "IX_purchase_tokens_sale_id",
                table: "purchase_tokens");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_purchase_tokens_sale_id",
                table: "purchase_tokens",
                column: "sale_id");

            migrationBuilder.DropIndex(
                name: "ix_purchase_tokens_sale_issued",
                table: "purchase_tokens");
        }
    }
}
