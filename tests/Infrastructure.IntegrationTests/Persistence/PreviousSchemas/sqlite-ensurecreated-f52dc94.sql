-- The SQLite schema EnsureCreated made at commit f52dc94, the last version without SQLite migrations: the
-- statements SQLite keeps in sqlite_master of a flashpurchase.db that version made, in their order. Frozen: the
-- upgrade tests build an old file from it, however the model changes later.
CREATE TABLE "sales" (
    "id" TEXT NOT NULL CONSTRAINT "PK_sales" PRIMARY KEY,
    "product_name" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "stock_total" INTEGER NOT NULL,
    "stock_remaining" INTEGER NOT NULL,
    "opens_at" INTEGER NOT NULL,
    "closes_at" INTEGER NOT NULL,
    "queue_capacity" INTEGER NOT NULL,
    "queue_length" INTEGER NOT NULL,
    CONSTRAINT "ck_sales_stock_remaining" CHECK (stock_remaining >= 0 AND stock_remaining <= stock_total)
);
CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "PK_users" PRIMARY KEY,
    "username" TEXT COLLATE NOCASE NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE TABLE "purchase_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "PK_purchase_tokens" PRIMARY KEY,
    "queue_token_id" TEXT NOT NULL,
    "sale_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "issued_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    CONSTRAINT "FK_purchase_tokens_sales_sale_id" FOREIGN KEY ("sale_id") REFERENCES "sales" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_purchase_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE TABLE "queue_places" (
    "id" TEXT NOT NULL CONSTRAINT "PK_queue_places" PRIMARY KEY,
    "sale_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "queue_token" TEXT NOT NULL,
    "issued_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    CONSTRAINT "FK_queue_places_sales_sale_id" FOREIGN KEY ("sale_id") REFERENCES "sales" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_queue_places_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE TABLE "orders" (
    "id" TEXT NOT NULL CONSTRAINT "PK_orders" PRIMARY KEY,
    "sale_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "purchase_token_id" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "placed_at" INTEGER NOT NULL,
    CONSTRAINT "FK_orders_purchase_tokens_purchase_token_id" FOREIGN KEY ("purchase_token_id") REFERENCES "purchase_tokens" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_orders_sales_sale_id" FOREIGN KEY ("sale_id") REFERENCES "sales" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_orders_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX "ix_orders_user" ON "orders" ("user_id");
CREATE UNIQUE INDEX "ux_orders_purchase_token" ON "orders" ("purchase_token_id");
CREATE UNIQUE INDEX "ux_orders_sale_user" ON "orders" ("sale_id", "user_id");
CREATE INDEX "ix_purchase_tokens_sale_issued" ON "purchase_tokens" ("sale_id", "issued_at");
CREATE INDEX "IX_purchase_tokens_user_id" ON "purchase_tokens" ("user_id");
CREATE UNIQUE INDEX "ux_purchase_tokens_queue_token" ON "purchase_tokens" ("queue_token_id");
CREATE INDEX "ix_queue_places_sale_expires" ON "queue_places" ("sale_id", "expires_at");
CREATE INDEX "IX_queue_places_user_id" ON "queue_places" ("user_id");
CREATE UNIQUE INDEX "ux_queue_places_sale_position" ON "queue_places" ("sale_id", "position");
CREATE UNIQUE INDEX "ux_queue_places_sale_user" ON "queue_places" ("sale_id", "user_id");
CREATE INDEX "ix_sales_opens_at" ON "sales" ("opens_at");
CREATE UNIQUE INDEX "ux_users_username" ON "users" ("username");
