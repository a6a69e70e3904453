// Which sale the waiting room shows (web/src/core/sale-picker.ts): the shopper's pick while it is listed, else the one
// the server would call current.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { offeredSales, pickSale } from "../../.test-build/core/sale-picker.js";

const now = Date.parse("2030-01-01T12:00:00Z");
const at = (minutes) => new Date(now + minutes * 60_000).toISOString();
const sale = (saleId, status, opensIn, closesIn) => ({
    saleId,
    productName: saleId,
    price: 1,
    currency: "EUR",
    stockTotal: 1,
    stockRemaining: status === "sold_out" ? 0 : 1,
    status,
    opensAt: at(opensIn),
    closesAt: at(closesIn),
    preQueueOpensAt: undefined,
    paused: false,
    challengeDifficulty: 0,
});

// As GET /api/sales orders them: soonest to open first.
const soldOut = sale("sold-out", "sold_out", -120, 60);
const openLong = sale("open-long", "open", -60, 120);
const openShort = sale("open-short", "open", -30, 30);
const later = sale("later", "scheduled", 60, 120);
const soon = sale("soon", "scheduled", 10, 70);
const listed = [soldOut, openLong, openShort, soon, later];

describe("picking the sale to show", () => {
    it("keeps the shopper's pick while it is listed, whatever its status", () => {
        assert.equal(pickSale(listed, "later"), later);
        assert.equal(pickSale(listed, "sold-out"), soldOut);
    });

    it("otherwise (no pick, or a sale no longer listed) the open one soonest to close, as /api/sales/current", () => {
        assert.equal(pickSale(listed, undefined), openShort);
        assert.equal(pickSale(listed, "gone"), openShort);
    });

    it("with none open, the next to open; with none scheduled either, the first listed", () => {
        assert.equal(pickSale([soldOut, later, soon], undefined), soon);
        assert.equal(pickSale([soldOut], undefined), soldOut);
    });

    it("nothing when nothing is listed", () => {
        assert.equal(pickSale([], "anything"), undefined);
    });

    it("never offers a closed sale, should the list ever hold one, and keeps the server's order", () => {
        const closed = sale("closed", "closed", -180, -60);
        assert.deepEqual(offeredSales([closed, ...listed]), listed);
        assert.equal(pickSale([closed, soldOut], "closed"), soldOut);
    });
});
