// The polling schedule (web/src/core/schedule.ts): Retry-After within its bounds, the one backoff, the sale's clock.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    anySaleRefreshDue,
    backoffSeconds,
    clampPollSeconds,
    FIRST_BACKOFF_SECONDS,
    MAX_BACKOFF_SECONDS,
    MAX_POLL_SECONDS,
    MIN_POLL_SECONDS,
    msLeft,
    pollDelayMs,
    retrySeconds,
    SALE_REFRESH_MIN_GAP_MS,
    joiningStatus,
    saleIsJoinable,
    saleIsOpen,
    saleRefreshDue,
    TICK_MS,
} from "../../.test-build/core/schedule.js";

const now = Date.parse("2030-01-01T12:00:00Z");
const at = (offsetMs) => new Date(now + offsetMs).toISOString();
const sale = (status, opensInMs, closesInMs) => ({
    saleId: "s1",
    productName: "iPhone 11 Pro",
    price: 699,
    currency: "EUR",
    stockTotal: 1,
    stockRemaining: 1,
    status,
    opensAt: at(opensInMs),
    closesAt: at(closesInMs),
});

describe("the bounds of a Retry-After", () => {
    it("keeps a value within [MIN_POLL_SECONDS, MAX_POLL_SECONDS] as it is", () => {
        assert.equal(MIN_POLL_SECONDS, 1);
        assert.equal(MAX_POLL_SECONDS, 300);
        for (const seconds of [1, 2.5, 7, 30, 300]) {
            assert.equal(clampPollSeconds(seconds), seconds);
        }
    });

    it("raises a too short one to the minimum: never a tight loop", () => {
        for (const seconds of [0, 0.2, -5]) {
            assert.equal(clampPollSeconds(seconds), MIN_POLL_SECONDS);
        }
    });

    it("lowers a too long one to the maximum: never a forgotten page", () => {
        assert.equal(clampPollSeconds(301), MAX_POLL_SECONDS);
        assert.equal(clampPollSeconds(86_400), MAX_POLL_SECONDS);
    });

    it("takes none, or one that is not a number, as the minimum", () => {
        assert.equal(clampPollSeconds(undefined), MIN_POLL_SECONDS);
        assert.equal(clampPollSeconds(Number.NaN), MIN_POLL_SECONDS);
    });

    it("turns seconds into the timer's milliseconds, within the same bounds", () => {
        assert.equal(pollDelayMs(5), 5_000);
        assert.equal(pollDelayMs(0), 1_000);
        assert.equal(pollDelayMs(10_000), 300_000);
    });
});

describe("the backoff after failures in a row", () => {
    it("starts at FIRST_BACKOFF_SECONDS and doubles: 2 s, 4 s, 8 s, 16 s", () => {
        assert.equal(FIRST_BACKOFF_SECONDS, 2);
        assert.deepEqual([1, 2, 3, 4].map(backoffSeconds), [2, 4, 8, 16]);
    });

    it("stops growing at MAX_BACKOFF_SECONDS", () => {
        assert.equal(MAX_BACKOFF_SECONDS, 30);
        assert.deepEqual([5, 6, 10, 50, 2000].map(backoffSeconds), [30, 30, 30, 30, 30]);
    });

    it("never shrinks as failures add up", () => {
        let previous = 0;
        for (let failures = 1; failures <= 40; failures++) {
            const seconds = backoffSeconds(failures);
            assert.ok(seconds >= previous, `${failures} failures: ${seconds} s after ${previous} s`);
            assert.ok(seconds <= MAX_BACKOFF_SECONDS);
            previous = seconds;
        }
    });
});

describe("the wait before a retry", () => {
    it("honours the server's Retry-After, whatever the failures so far", () => {
        assert.equal(retrySeconds(12, 1), 12);
        assert.equal(retrySeconds(12, 5), 12);
        assert.equal(retrySeconds(1, 4), 1);
    });

    it("keeps that Retry-After within the bounds", () => {
        assert.equal(retrySeconds(0, 3), MIN_POLL_SECONDS);
        assert.equal(retrySeconds(900, 1), MAX_POLL_SECONDS);
    });

    it("backs off when the server gave none", () => {
        assert.deepEqual([1, 2, 3, 4, 5, 6].map((failures) => retrySeconds(undefined, failures)), [2, 4, 8, 16, 30, 30]);
    });
});

describe("the clock of the sale", () => {
    it("msLeft counts down to a date, stops at 0, and reads an unreadable date as past", () => {
        assert.equal(msLeft(at(1_500), now), 1_500);
        assert.equal(msLeft(at(-1), now), 0);
        assert.equal(msLeft("not a date", now), 0);
    });

    it("the sale is open for joining only when the server says so and our clock is between its opening and closing", () => {
        assert.equal(saleIsOpen(sale("open", -1_000, 60_000), now), true);
        assert.equal(saleIsOpen(sale("open", 1_000, 60_000), now), false, "our clock: not opened yet");
        assert.equal(saleIsOpen(sale("open", -60_000, 0), now), false, "our clock: closed");
        assert.equal(saleIsOpen(sale("scheduled", -1_000, 60_000), now), false, "the server has not said open yet");
        assert.equal(saleIsOpen(sale("sold_out", -1_000, 60_000), now), false);
        assert.equal(saleIsOpen(undefined, now), false);
    });

    it("asks for the sale again when the countdown to its opening has run out", () => {
        assert.equal(saleRefreshDue(sale("scheduled", 0, 60_000), now - SALE_REFRESH_MIN_GAP_MS, now), true);
        assert.equal(saleRefreshDue(sale("scheduled", 1, 60_000), now - SALE_REFRESH_MIN_GAP_MS, now), false);
    });

    it("asks for the sale again when an open sale's closing time has passed", () => {
        assert.equal(saleRefreshDue(sale("open", -60_000, -1), 0, now), true);
        assert.equal(saleRefreshDue(sale("open", -60_000, 1_000), 0, now), false);
    });

    it("asks no more than once per SALE_REFRESH_MIN_GAP_MS, and not at all without a sale or once it has ended", () => {
        assert.equal(SALE_REFRESH_MIN_GAP_MS, 2_000);
        assert.equal(saleRefreshDue(sale("scheduled", -5, 60_000), now - SALE_REFRESH_MIN_GAP_MS + 1, now), false);
        assert.equal(saleRefreshDue(undefined, 0, now), false);
        assert.equal(saleRefreshDue(sale("sold_out", -60_000, -1), 0, now), false);
        assert.equal(saleRefreshDue(sale("closed", -60_000, -1), 0, now), false);
    });

    it("for the picker's list: asks again when any listed sale's countdown ran out, within the same gap", () => {
        const waitingLong = sale("scheduled", 60_000, 120_000);
        const justOpened = { ...sale("scheduled", -5, 60_000), saleId: "s2" };
        assert.equal(anySaleRefreshDue([waitingLong, justOpened], 0, now), true);
        assert.equal(anySaleRefreshDue([waitingLong, justOpened], now - 1, now), false);
        assert.equal(anySaleRefreshDue([waitingLong], 0, now), false);
        assert.equal(anySaleRefreshDue([], 0, now), false);
    });

    it("redraws the countdowns more often than once a second, so none skips a second", () => {
        assert.ok(TICK_MS > 0 && TICK_MS < 1_000, `TICK_MS = ${TICK_MS}`);
    });
});

describe("joining a pre-queue", () => {
    const withPreQueue = (opensInMs, preQueueOpensInMs) => ({ ...sale("scheduled", opensInMs, opensInMs + 60_000), preQueueOpensAt: at(preQueueOpensInMs) });

    it("a scheduled sale is joinable once its pre-queue has opened, and says so", () => {
        assert.equal(saleIsJoinable(withPreQueue(60_000, -1_000), now), true);
        assert.equal(joiningStatus(withPreQueue(60_000, -1_000), now), "pre_queue");
    });

    it("not before the pre-queue opens, nor without one", () => {
        assert.equal(saleIsJoinable(withPreQueue(60_000, 1_000), now), false);
        assert.equal(joiningStatus(withPreQueue(60_000, 1_000), now), "scheduled");
        assert.equal(saleIsJoinable(sale("scheduled", 60_000, 120_000), now), false);
    });

    it("an open sale is joinable as before", () => {
        assert.equal(saleIsJoinable(sale("open", -1_000, 60_000), now), true);
        assert.equal(joiningStatus(sale("open", -1_000, 60_000), now), "open");
    });
});
