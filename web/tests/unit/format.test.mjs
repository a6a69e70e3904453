// The countdowns and estimates as the shopper reads them (web/src/format.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { about, clock, saleStatusWord } from "../../.test-build/format.js";

describe("a countdown", () => {
    it("shows minutes and seconds, with hours only when there are some", () => {
        assert.equal(clock(7_000), "0:07");
        assert.equal(clock(245_000), "4:05");
        assert.equal(clock(3_723_000), "1:02:03");
    });

    it("rounds up, so that 0:00 means the time is up", () => {
        assert.equal(clock(59_001), "1:00");
        assert.equal(clock(1), "0:01");
        assert.equal(clock(0), "0:00");
        assert.equal(clock(-5_000), "0:00");
    });
});

describe("an estimate", () => {
    it("is in seconds under a minute and a half, singular for one", () => {
        assert.equal(about(1), "about 1 second");
        assert.equal(about(0.2), "about 1 second");
        assert.equal(about(12.4), "about 12 seconds");
        assert.equal(about(89), "about 89 seconds");
    });

    it("is in whole minutes from then on", () => {
        assert.equal(about(90), "about 2 minutes");
        assert.equal(about(300), "about 5 minutes");
    });
});

describe("a sale's status", () => {
    it("is a word for each of the contract's statuses, and says when an operator paused the queue", () => {
        assert.equal(saleStatusWord("scheduled"), "Opens soon");
        assert.equal(saleStatusWord("open"), "Open");
        assert.equal(saleStatusWord("sold_out"), "Sold out");
        assert.equal(saleStatusWord("closed"), "Closed");
        assert.equal(saleStatusWord("open", true), "Open, queue paused");
        assert.equal(saleStatusWord("closed", true), "Closed", "a closed sale's pause no longer matters");
    });
});
