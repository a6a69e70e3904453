// The operators' sale form (web/src/core/sale-settings.ts): what the typed text means as settings, which settings an
// edit changes, how each change is said, and where a validation refusal's messages go.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    changedSettings,
    describeChanges,
    formTextOf,
    isoToLocalInput,
    localInputToIso,
    normalizeDuration,
    notADate,
    notADuration,
    notANumber,
    notAWholeNumber,
    readForm,
    saleFields,
    splitFieldErrors,
    waitingRoomFacts,
} from "../../.test-build/core/sale-settings.js";

const blank = {
    productName: "",
    price: "",
    currency: "",
    stock: "",
    opensAt: "",
    duration: "",
    queueCapacity: "",
    preQueue: "",
    releaseRate: "",
    maxActiveShoppers: "",
    purchaseWindow: "",
    challengeDifficulty: "",
};
const sale = {
    saleId: "s1",
    productName: "Pixel 9",
    price: 499,
    currency: "EUR",
    stockTotal: 2,
    stockRemaining: 1,
    opensAt: "2030-01-01T12:00:00.1234567+00:00",
    closesAt: "2030-01-01T13:00:00.1234567+00:00",
    status: "scheduled",
    preQueueOpensAt: undefined,
    paused: false,
    challengeDifficulty: 0,
    duration: "01:00:00",
    queueCapacity: 0,
    preQueue: "00:00:00",
    releaseRate: 0,
    maxActiveShoppers: 0,
    purchaseWindow: "00:10:00",
    figures: { queued: 3, waiting: 2, activePurchaseTokens: 1, orders: 1, stockRemaining: 1 },
};

describe("reading the form", () => {
    it("turns what was typed into the API's settings", () => {
        const opensAt = "2030-01-01T12:00:30";
        const { settings, errors } = readForm({
            productName: "  Pixel 9 ",
            price: "499.90",
            currency: "eur",
            stock: "2",
            opensAt,
            duration: "0:10:00",
            queueCapacity: "0",
            preQueue: "0:00:00",
            releaseRate: "0",
            maxActiveShoppers: "0",
            purchaseWindow: "",
            challengeDifficulty: "0",
        });
        assert.deepEqual(errors, {});
        assert.deepEqual(settings, {
            productName: "Pixel 9",
            price: 499.9,
            currency: "EUR",
            stock: 2,
            opensAt: new Date(opensAt).toISOString(),
            duration: "00:10:00",
            queueCapacity: 0,
            preQueue: "00:00:00",
            releaseRate: 0,
            maxActiveShoppers: 0,
            challengeDifficulty: 0,
        });
    });

    it("leaves empty fields out: the server says which ones a sale needs", () => {
        assert.deepEqual(readForm(blank), { settings: {}, errors: {} });
    });

    it("keeps the server's rules for the server (stock 0, a negative price are sent as typed)", () => {
        const { settings, errors } = readForm({ ...blank, stock: "0", price: "-1" });
        assert.deepEqual(errors, {});
        assert.deepEqual(settings, { stock: 0, price: -1 });
    });

    it("says so next to a field it cannot write as JSON: not a number, not whole, not a date, not a duration", () => {
        const { settings, errors } = readForm({ ...blank, price: "?", stock: "1.5", queueCapacity: "x", opensAt: "tomorrow", duration: "1h" });
        assert.deepEqual(settings, {});
        assert.deepEqual(errors, {
            price: [notANumber],
            stock: [notAWholeNumber],
            queueCapacity: [notANumber],
            opensAt: [notADate],
            duration: [notADuration],
        });
    });
});

describe("durations and times", () => {
    it("writes durations as .NET's TimeSpan text, days when there are some", () => {
        assert.equal(normalizeDuration("1:30:00"), "01:30:00");
        assert.equal(normalizeDuration("01:00:00"), "01:00:00");
        assert.equal(normalizeDuration("25:00:00"), "1.01:00:00");
        assert.equal(normalizeDuration("2.00:00:00"), "2.00:00:00");
        assert.equal(normalizeDuration(" 0:0:5 "), "00:00:05");
    });

    it("refuses what is not hours:minutes:seconds", () => {
        for (const text of ["", "90", "1:00", "1:60:00", "0:00:60", "1.24:00:00", "an hour"]) {
            assert.equal(normalizeDuration(text), undefined, text);
        }
    });

    it("reads a datetime-local value as this computer's local time, and back, to the second", () => {
        const iso = localInputToIso("2030-06-01T08:15:30");
        assert.equal(iso, new Date("2030-06-01T08:15:30").toISOString());
        assert.equal(isoToLocalInput(iso), "2030-06-01T08:15:30");
        assert.equal(localInputToIso("2030-06-01"), undefined);
        assert.equal(localInputToIso("2030-13-45T99:99"), undefined);
    });
});

describe("editing a sale", () => {
    it("starts from the sale's own settings, which change nothing when sent back", () => {
        const text = formTextOf(sale);
        assert.equal(text.stock, "2", "the units for sale, not those left");
        assert.deepEqual(changedSettings(sale, readForm(text).settings), {});
    });

    it("sends only what differs; times to the second, durations by meaning", () => {
        const text = { ...formTextOf(sale), stock: "5", duration: "1:00:00", currency: "eur" };
        assert.deepEqual(changedSettings(sale, readForm(text).settings), { stock: 5 });
        const later = { ...formTextOf(sale), opensAt: isoToLocalInput("2030-01-01T12:05:00Z") };
        assert.deepEqual(changedSettings(sale, readForm(later).settings), { opensAt: "2030-01-01T12:05:00.000Z" });
    });

    it("says each change as a line of the confirmation step", () => {
        const lines = describeChanges(sale, { stock: 5, queueCapacity: 50, duration: "02:00:00" });
        assert.deepEqual(lines, ["Units for sale: 2 → 5", "Stays open for: 01:00:00 → 02:00:00", "Queue capacity: no limit → 50"]);
        assert.deepEqual(describeChanges(sale, {}), []);
    });

    it("marks the fields the contract fixes once the sale has opened", () => {
        const locked = saleFields.filter((field) => field.lockedOnceOpen).map((field) => field.name);
        assert.deepEqual(locked, ["productName", "price", "currency", "opensAt", "preQueue"]);
    });
});

describe("a validation refusal", () => {
    it("puts each field's messages next to it, and the others (the body, fields the form lacks) above", () => {
        const problem = {
            code: "validation_failed",
            errors: { stock: ["'Stock' must be greater than or equal to '1'."], body: ["A JSON body is required."], saleId: ["Not yet."] },
        };
        assert.deepEqual(splitFieldErrors(problem), {
            fields: { stock: ["'Stock' must be greater than or equal to '1'."] },
            other: ["A JSON body is required.", "Not yet."],
        });
        assert.deepEqual(splitFieldErrors({ code: "validation_failed" }), { fields: {}, other: [] });
    });
});

describe("the waiting-room settings", () => {
    it("reads the pace, the limit and the bot check as whole numbers, the time to buy and the pre-queue as durations", () => {
        const { settings, errors } = readForm({
            ...blank,
            releaseRate: "30",
            maxActiveShoppers: "1",
            challengeDifficulty: "12",
            purchaseWindow: "0:5:00",
            preQueue: "1.00:00:00",
        });
        assert.deepEqual(errors, {});
        assert.deepEqual(settings, {
            releaseRate: 30,
            maxActiveShoppers: 1,
            challengeDifficulty: 12,
            purchaseWindow: "00:05:00",
            preQueue: "1.00:00:00",
        });
    });

    it("says so next to each one it cannot write as JSON; an empty time to buy is left out (the shop's default)", () => {
        const { settings, errors } = readForm({ ...blank, releaseRate: "2.5", maxActiveShoppers: "x", challengeDifficulty: "1e1x", purchaseWindow: "5 min", preQueue: "0:61:00" });
        assert.deepEqual(settings, {});
        assert.deepEqual(errors, {
            releaseRate: [notAWholeNumber],
            maxActiveShoppers: [notANumber],
            challengeDifficulty: [notANumber],
            purchaseWindow: [notADuration],
            preQueue: [notADuration],
        });
    });

    it("an edit sends only the controls that change, and says each in words", () => {
        const text = { ...formTextOf(sale), releaseRate: "20", maxActiveShoppers: "1", purchaseWindow: "0:10:00", preQueue: "00:15:00" };
        const changes = changedSettings(sale, readForm(text).settings);
        assert.deepEqual(changes, { releaseRate: 20, maxActiveShoppers: 1, preQueue: "00:15:00" }, "the same time to buy is no change");
        assert.deepEqual(describeChanges(sale, { ...changes, challengeDifficulty: 8 }), [
            "Release pace (shoppers per minute): as fast as the queue moves → 20 a minute",
            "Shoppers buying at once: no limit → 1",
            "Pre-queue before opening: none → 00:15:00",
            "Bot check (difficulty): off → difficulty 8",
        ]);
        assert.deepEqual(describeChanges({ ...sale, releaseRate: 20 }, { releaseRate: 0, purchaseWindow: "00:02:00" }), [
            "Release pace (shoppers per minute): 20 a minute → as fast as the queue moves",
            "Time to buy: 00:10:00 → 00:02:00",
        ]);
    });

    it("the form says that the pre-queue cannot change once the sale has opened", () => {
        const preQueue = saleFields.find((field) => field.name === "preQueue");
        assert.match(preQueue.hint, /Cannot change once the sale has opened\./);
        assert.deepEqual(
            saleFields.filter((field) => field.group === "waitingRoom").map((field) => field.name),
            ["releaseRate", "maxActiveShoppers", "purchaseWindow", "preQueue", "challengeDifficulty"],
        );
    });

    it("the card's facts: who buys out of how many, and each setting in words", () => {
        const facts = (view) => Object.fromEntries(waitingRoomFacts(view).map(({ key, value }) => [key, value]));
        assert.deepEqual(facts(sale), {
            buyingNow: "1 (no limit)",
            releaseRate: "as fast as the queue moves",
            purchaseWindow: "00:10:00",
            preQueue: "none",
            challengeDifficulty: "off",
        });
        const paced = facts({ ...sale, releaseRate: 6, maxActiveShoppers: 1, preQueue: "00:30:00", challengeDifficulty: 16 });
        assert.equal(paced.buyingNow, "1 of 1 at most");
        assert.equal(paced.releaseRate, "6 a minute");
        assert.equal(paced.preQueue, "00:30:00");
        assert.equal(paced.challengeDifficulty, "difficulty 16");
    });
});
