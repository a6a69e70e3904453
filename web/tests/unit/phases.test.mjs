// The phase machine (web/src/core/phases.ts): each event's next state and effects, and what the live region says.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    aheadLine,
    canLeave,
    initialState,
    leftSentence,
    numberToLearn,
    preQueueLine,
    queueLines,
    reduce,
    timeLeftToBuy,
    timeRanOutSentence,
} from "../../.test-build/core/phases.js";
import { problemSentences, unreachableSentence } from "../../.test-build/problems.js";

const now = Date.parse("2030-01-01T12:00:00Z");
const at = (offsetMs) => new Date(now + offsetMs).toISOString();
const order = { orderId: "o-1", saleId: "s1", productName: "iPhone 11 Pro", price: 699, currency: "EUR", placedAt: at(0) };
const problem = (code) => ({ type: "about:blank", title: code, status: 400, detail: "", traceId: "t", code });

/** Deep-frozen, so that a reducer that changes its input throws instead of passing. */
function frozen(value) {
    if (value && typeof value === "object") {
        Object.values(value).forEach(frozen);
        Object.freeze(value);
    }
    return value;
}

/** Runs the events from `state`, checking each step leaves its input alone; returns the last transition. */
function run(state, ...events) {
    let transition = { state, effects: [] };
    for (const event of events) {
        transition = reduce(frozen(transition.state), frozen(event));
    }
    return transition;
}

const loggedIn = run(initialState, { type: "restored", held: {} }).state;
const waiting = run(loggedIn, { type: "joinStarted" }, { type: "joined", queueToken: "qt-1", position: 3 }).state;
const ready = run(initialState, { type: "restored", held: { purchase: { purchaseToken: "pt-1", expiresAt: at(60_000) } } }).state;
const buying = run(ready, { type: "buyStarted" }).state;
const joining = run(loggedIn, { type: "joinStarted" }).state;

describe("restoring from what the browser holds (load, reload, another tab)", () => {
    it("starts loading, and shows the log-in form when no one is logged in", () => {
        assert.equal(initialState.phase.name, "loading");
        const { state, effects } = run(initialState, { type: "restored", held: undefined });
        assert.equal(state.phase.name, "anonymous");
        assert.equal(state.epoch, initialState.epoch + 1);
        assert.deepEqual(effects, []);
    });

    it("takes an order first, then a purchase token, then a queue token", () => {
        const all = {
            order: { order, message: "Thanks" },
            purchase: { purchaseToken: "pt-1", expiresAt: at(60_000) },
            queue: { queueToken: "qt-1", position: 4 },
        };
        assert.deepEqual(run(initialState, { type: "restored", held: all }).state.phase, { name: "done", order, message: "Thanks" });
        const { order: _, ...noOrder } = all;
        assert.deepEqual(run(initialState, { type: "restored", held: noOrder }).state.phase, {
            name: "ready",
            purchaseToken: "pt-1",
            expiresAt: at(60_000),
        });
        const { state, effects } = run(initialState, { type: "restored", held: { queue: all.queue } });
        assert.deepEqual(state.phase, { name: "waiting", queueToken: "qt-1", number: 4 });
        assert.deepEqual(effects, [{ kind: "pollNow" }], "a restored place is checked at once");
    });

    it("a reload keeps the place: the same queue token restores the same waiting phase, number included", () => {
        const held = { queue: { queueToken: "qt-1", position: 3 } };
        const reloaded = run(initialState, { type: "restored", held: undefined }, { type: "restored", held });
        assert.deepEqual(reloaded.state.phase, waiting.phase);
    });

    it("changes nothing, and asks nothing, when the tab already shows what is held", () => {
        const again = reduce(waiting, { type: "restored", held: { queue: { queueToken: "qt-1", position: 3 } } });
        assert.equal(again.state, waiting, "the same state object: no render, no second poll");
        assert.deepEqual(again.effects, []);
        assert.equal(reduce(buying, { type: "restored", held: { purchase: { purchaseToken: "pt-1", expiresAt: at(1) } } }).state, buying);
        assert.equal(reduce(joining, { type: "restored", held: {} }).state, joining, "a join under way is not undone");
    });

    it("follows another tab: a different queue token is a new place, nothing held is back to Join", () => {
        const other = reduce(waiting, { type: "restored", held: { queue: { queueToken: "qt-2", position: 9 } } });
        assert.deepEqual(other.state.phase, { name: "waiting", queueToken: "qt-2", number: 9 });
        assert.equal(other.state.epoch, waiting.epoch + 1, "answers for the old token are ignored");
        assert.equal(reduce(waiting, { type: "restored", held: {} }).state.phase.name, "idle");
        assert.equal(reduce(waiting, { type: "restored", held: undefined }).state.phase.name, "anonymous");
    });
});

describe("joining and waiting", () => {
    it("joins only from idle", () => {
        assert.equal(joining.phase.name, "joining");
        assert.equal(reduce(waiting, { type: "joinStarted" }).state, waiting);
        assert.equal(reduce(ready, { type: "joinStarted" }).state, ready);
    });

    it("a place in the queue is checked at once", () => {
        const { state, effects } = reduce(joining, { type: "joined", queueToken: "qt-1", position: 3 });
        assert.deepEqual(state.phase, { name: "waiting", queueToken: "qt-1", number: 3 });
        assert.equal(state.note, undefined);
        assert.deepEqual(effects, [{ kind: "pollNow" }]);
    });

    it("a 202 keeps the phase (same epoch), shows how many are ahead and asks again after its Retry-After", () => {
        const { state, effects } = reduce(waiting, { type: "stillWaiting", position: 2, retryAfterSeconds: 7 });
        assert.deepEqual(state.phase, { name: "waiting", queueToken: "qt-1", number: 3, ahead: 2, nextCheckSeconds: 7 });
        assert.equal(state.epoch, waiting.epoch);
        assert.deepEqual(effects, [{ kind: "pollLater", seconds: 7 }]);
    });

    it("a 202's Retry-After is kept within bounds", () => {
        assert.deepEqual(reduce(waiting, { type: "stillWaiting", position: 0, retryAfterSeconds: 0 }).effects, [{ kind: "pollLater", seconds: 1 }]);
        assert.deepEqual(reduce(waiting, { type: "stillWaiting", position: 0, retryAfterSeconds: 3600 }).effects, [
            { kind: "pollLater", seconds: 300 },
        ]);
    });

    it("a 202 for a phase that is no longer waiting changes nothing", () => {
        assert.equal(reduce(ready, { type: "stillWaiting", position: 0, retryAfterSeconds: 1 }).state, ready);
    });

    it("the purchase token is the shopper's turn", () => {
        const { state, effects } = reduce(waiting, { type: "turnReached", purchaseToken: "pt-9", expiresAt: at(60_000) });
        assert.deepEqual(state.phase, { name: "ready", purchaseToken: "pt-9", expiresAt: at(60_000) });
        assert.equal(state.epoch, waiting.epoch + 1);
        assert.deepEqual(effects, []);
    });
});

describe("backing off while waiting", () => {
    it("each unreachable check in a row waits longer, 2 s up to 30 s, and says so; the place is kept", () => {
        let state = waiting;
        const waits = [];
        for (let i = 0; i < 7; i++) {
            const transition = reduce(frozen(state), { type: "unreachable" });
            state = transition.state;
            assert.equal(state.phase, waiting.phase, "still waiting, same token");
            assert.equal(state.epoch, waiting.epoch);
            assert.equal(transition.effects.length, 1);
            assert.equal(transition.effects[0].kind, "pollLater");
            waits.push(transition.effects[0].seconds);
        }
        assert.deepEqual(waits, [2, 4, 8, 16, 30, 30, 30]);
        assert.equal(state.note, `${unreachableSentence} Trying again in about 30 seconds.`);
    });

    it("an answer ends the run of failures: the next one starts again at 2 s", () => {
        const { state } = run(waiting, { type: "unreachable" }, { type: "unreachable" }, { type: "unreachable" });
        assert.equal(state.pollFailures, 3);
        const answered = reduce(state, { type: "stillWaiting", position: 1, retryAfterSeconds: 5 }).state;
        assert.equal(answered.pollFailures, 0);
        assert.equal(answered.note, undefined, "the retry note goes");
        assert.deepEqual(reduce(answered, { type: "unreachable" }).effects, [{ kind: "pollLater", seconds: 2 }]);
    });

    it("a busy server's refusal keeps the place and honours its Retry-After", () => {
        const { state, effects } = reduce(waiting, { type: "refused", problem: problem("service_unavailable"), retryAfterSeconds: 12 });
        assert.equal(state.phase, waiting.phase);
        assert.deepEqual(effects, [{ kind: "pollLater", seconds: 12 }]);
        assert.equal(state.note, `${problemSentences.service_unavailable} Trying again in about 12 seconds.`);
    });

    it("a busy server's refusal without Retry-After waits the first backoff step, even after failures", () => {
        for (const code of ["queue_unavailable", "rate_limited", "internal_error"]) {
            const afterFailures = run(waiting, { type: "unreachable" }, { type: "unreachable" }).state;
            const { state, effects } = reduce(afterFailures, { type: "refused", problem: problem(code) });
            assert.deepEqual(effects, [{ kind: "pollLater", seconds: 2 }], code);
            assert.equal(state.note, `${problemSentences[code]} Trying again in about 2 seconds.`);
        }
    });
});

describe("refusals", () => {
    it("an expired or invalid queue token sends the shopper back to Join and forgets the stored tokens", () => {
        for (const code of ["token_expired", "invalid_token", "token_not_yours"]) {
            const { state, effects } = reduce(waiting, { type: "refused", problem: problem(code) });
            assert.equal(state.phase.name, "idle", code);
            assert.equal(state.note, problemSentences[code]);
            assert.deepEqual(effects, [{ kind: "forgetPurchase" }], "no poll: the timer goes with the phase");
        }
    });

    it("sold out while buying: back to Join, tokens forgotten, the sale read again", () => {
        const { state, effects } = reduce(buying, { type: "refused", problem: problem("sold_out") });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, "Sorry, it is sold out: every unit has been sold.");
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }, { kind: "refreshSale" }]);
    });

    it("already bought: back to Join while the order is looked for", () => {
        const { state, effects } = reduce(buying, { type: "refused", problem: problem("already_purchased") });
        assert.equal(state.phase.name, "idle");
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }, { kind: "findOrder" }]);
    });

    it("an ended session logs the shopper out, with the sentence at the log-in form", () => {
        const { state, effects } = reduce(waiting, { type: "refused", problem: problem("unauthorized") });
        assert.equal(state.phase.name, "anonymous");
        assert.deepEqual(effects, [
            { kind: "forgetAll" },
            { kind: "accountMessage", text: "Your session has ended. Please log in again." },
        ]);
    });

    it("a full queue on joining: back to Join, nothing stored is forgotten", () => {
        const { state, effects } = reduce(joining, { type: "refused", problem: problem("queue_full") });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, "The queue is full right now. Please try again in a little while.");
        assert.deepEqual(effects, []);
    });

    it("any other refusal of the purchase keeps the purchase token: Buy now again", () => {
        const { state, effects } = reduce(buying, { type: "refused", problem: problem("rate_limited"), retryAfterSeconds: 3 });
        assert.deepEqual(state.phase, ready.phase);
        assert.equal(state.note, problemSentences.rate_limited);
        assert.deepEqual(effects, []);
    });

    it("a refusal while waiting that is not a busy server ends the place", () => {
        const { state, effects } = reduce(waiting, { type: "refused", problem: problem("forbidden") });
        assert.equal(state.phase.name, "idle");
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }]);
    });

    it("every problem code becomes its own sentence", () => {
        for (const code of Object.keys(problemSentences)) {
            const { state, effects } = reduce(joining, { type: "refused", problem: problem(code) });
            const said = code === "unauthorized" ? effects.find((effect) => effect.kind === "accountMessage").text : state.note;
            if (code === "queue_paused") {
                // The one sentence that goes on: it says when the page tries again (tested below).
                assert.ok(said.startsWith(problemSentences[code].replace(/\.$/, ";")), `${code}: ${said}`);
            } else {
                assert.equal(said, problemSentences[code], code);
            }
            assert.ok(said.length > 0 && said.endsWith("."), `${code}: ${said}`);
        }
    });
});

describe("a paused queue", () => {
    const paused = (retryAfterSeconds) =>
        reduce(joining, { type: "refused", problem: { ...problem("queue_paused"), status: 409 }, retryAfterSeconds });

    it("says so in a plain sentence, with when the page tries again, and plans that try at the server's Retry-After", () => {
        const { state, effects } = paused(15);
        assert.equal(state.phase.name, "paused");
        assert.equal(state.epoch, joining.epoch + 1);
        assert.equal(state.note, "The queue is paused for a moment; we will try again in about 15 seconds.");
        assert.deepEqual(effects, [{ kind: "joinLater", seconds: 15 }]);
        assert.deepEqual(queueLines(state, "open"), [state.note]);
    });

    it("without a Retry-After, tries again after the first backoff step", () => {
        const { state, effects } = paused(undefined);
        assert.deepEqual(effects, [{ kind: "joinLater", seconds: 2 }]);
        assert.match(state.note, /about 2 seconds\.$/);
    });

    it("the planned try joins from the paused phase, and a join that succeeds waits as any other", () => {
        const { state } = paused(15);
        const retried = run(state, { type: "joinStarted" }).state;
        assert.equal(retried.phase.name, "joining");
        const joined = run(retried, { type: "joined", queueToken: "qt-2", position: 7 });
        assert.deepEqual(joined.state.phase, { name: "waiting", queueToken: "qt-2", number: 7 });
        assert.deepEqual(joined.effects, [{ kind: "pollNow" }]);
    });

    it("another tab's change keeps the planned try (nothing held yet), a place held elsewhere replaces it", () => {
        const { state } = paused(15);
        assert.equal(run(state, { type: "restored", held: {} }).state, state);
        const elsewhere = run(state, { type: "restored", held: { queue: { queueToken: "qt-3", position: 2 } } }).state;
        assert.equal(elsewhere.phase.name, "waiting");
    });

    it("is only a join's refusal: from another step it reads as any other refusal", () => {
        const { state } = reduce(waiting, { type: "refused", problem: problem("queue_paused") });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, problemSentences.queue_paused);
    });
});

describe("no answer", () => {
    it("while joining: back to Join, saying the shop cannot be reached", () => {
        const { state } = reduce(joining, { type: "unreachable" });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, unreachableSentence);
    });

    it("while buying: Buy now again with the same purchase token", () => {
        const { state, effects } = reduce(buying, { type: "unreachable" });
        assert.deepEqual(state.phase, ready.phase);
        assert.equal(state.note, unreachableSentence);
        assert.deepEqual(effects, []);
    });

    it("in a phase that asked nothing: nothing changes", () => {
        assert.equal(reduce(loggedIn, { type: "unreachable" }).state, loggedIn);
    });
});

describe("buying and the order", () => {
    it("buying is only from ready, with its purchase token", () => {
        assert.deepEqual(buying.phase, { name: "buying", purchaseToken: "pt-1", expiresAt: at(60_000) });
        assert.equal(reduce(waiting, { type: "buyStarted" }).state, waiting);
    });

    it("an order placed: the confirmation, the tokens forgotten, the stock read again", () => {
        const { state, effects } = reduce(buying, { type: "bought", order, message: "Order placed." });
        assert.deepEqual(state.phase, { name: "done", order, message: "Order placed." });
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }, { kind: "refreshSale" }]);
    });

    it("an order found on the server is shown if the shopper has not moved on since asking, or is at Join", () => {
        assert.equal(reduce(loggedIn, { type: "orderFound", order, askedInEpoch: loggedIn.epoch }).state.phase.name, "done");
        assert.equal(reduce(loggedIn, { type: "orderFound", order, askedInEpoch: loggedIn.epoch - 1 }).state.phase.name, "done");
        assert.equal(reduce(waiting, { type: "orderFound", order, askedInEpoch: waiting.epoch - 1 }).state, waiting);
        assert.equal(reduce(waiting, { type: "orderFound", order, askedInEpoch: waiting.epoch }).state.phase.name, "done");
    });
});

describe("the clock", () => {
    it("a purchase token that ran out sends the shopper back to Join, saying so, and forgets it", () => {
        const expiring = run(initialState, { type: "restored", held: { purchase: { purchaseToken: "pt-1", expiresAt: at(1_000) } } }).state;
        assert.equal(reduce(expiring, { type: "tick", now: now + 999 }).state, expiring);
        const { state, effects } = reduce(expiring, { type: "tick", now: now + 1_000 });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, timeRanOutSentence);
        assert.match(state.note, /time to buy ran out.*join the queue again, at the back/i);
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }]);
    });

    it("leaves a purchase under way alone: the server decides", () => {
        assert.equal(reduce(buying, { type: "tick", now: now + 3_600_000 }).state, buying);
    });
});

describe("every change of phase", () => {
    it("is a new epoch that starts with no note and no failures", () => {
        const failing = run(waiting, { type: "unreachable" }).state;
        const { state } = reduce(failing, { type: "turnReached", purchaseToken: "pt-2", expiresAt: at(60_000) });
        assert.equal(state.epoch, failing.epoch + 1);
        assert.equal(state.note, undefined);
        assert.equal(state.pollFailures, 0);
    });

    it("logging out forgets everything and clears the form's message", () => {
        const { state, effects } = reduce(ready, { type: "loggedOut" });
        assert.equal(state.phase.name, "anonymous");
        assert.deepEqual(effects, [{ kind: "forgetAll" }, { kind: "accountMessage", text: undefined }]);
    });
});

describe("what the live region says", () => {
    it("while waiting: the number, who is ahead, and when the next check is", () => {
        const state = reduce(waiting, { type: "stillWaiting", position: 2, retryAfterSeconds: 5 }).state;
        assert.deepEqual(queueLines(state, "open"), [
            "You are number 3 in the queue.",
            "2 shoppers are ahead of you.",
            "Estimated wait: about 5 seconds until the next check. This page checks by itself: keep it open.",
        ]);
        const next = reduce(waiting, { type: "stillWaiting", position: 0, retryAfterSeconds: 1 }).state;
        assert.deepEqual(queueLines(next, "open").slice(1), [
            "You are next.",
            "Estimated wait: about 1 second until the next check. This page checks by itself: keep it open.",
        ]);
        assert.equal(queueLines(reduce(waiting, { type: "stillWaiting", position: 1, retryAfterSeconds: 1 }).state, "open")[1], "1 shopper is ahead of you.");
        assert.deepEqual(queueLines(waiting, "open"), ["You are number 3 in the queue.", "Checking whether it is your turn…"]);
    });

    it("while waiting through a failure: the retry note instead of the estimate", () => {
        const state = run(waiting, { type: "stillWaiting", position: 4, retryAfterSeconds: 5 }, { type: "unreachable" }).state;
        assert.deepEqual(queueLines(state, "open"), [
            "You are number 3 in the queue.",
            "4 shoppers are ahead of you.",
            `${unreachableSentence} Trying again in about 2 seconds.`,
        ]);
    });

    it("at Join: the note if any, else what the sale's status allows", () => {
        assert.deepEqual(queueLines(loggedIn, "scheduled"), ["The queue opens when the countdown ends. The button below works from then on."]);
        assert.deepEqual(queueLines(loggedIn, "open"), ["The sale is open. Join the queue to get your turn to buy."]);
        assert.deepEqual(queueLines(loggedIn, "sold_out"), [problemSentences.sold_out]);
        assert.deepEqual(queueLines(loggedIn, "closed"), [problemSentences.sale_closed]);
        assert.deepEqual(queueLines(loggedIn, undefined), []);
        const refused = reduce(joining, { type: "refused", problem: problem("queue_full") }).state;
        assert.deepEqual(queueLines(refused, "open"), [problemSentences.queue_full]);
    });

    it("at the shopper's turn, and while buying", () => {
        assert.deepEqual(queueLines(ready, "open"), ["It is your turn! Buy now, before your time to buy runs out."]);
        assert.deepEqual(queueLines(reduce(buying, { type: "unreachable" }).state, "open"), ["It is your turn.", unreachableSentence]);
        assert.deepEqual(queueLines(buying, "open"), ["Placing your order…"]);
        assert.deepEqual(queueLines(joining, "open"), ["Joining the queue…"]);
    });
});

describe("checking the browser (the sale's bot challenge) while joining", () => {
    it("shows the hashes tried, in the same join (same epoch: its answer still counts)", () => {
        const { state, effects } = run(joining, { type: "checking", hashes: 0 }, { type: "checking", hashes: 12345 });
        assert.deepEqual(state.phase, { name: "joining", checkedHashes: 12345 });
        assert.equal(state.epoch, joining.epoch);
        assert.deepEqual(effects, []);
        assert.deepEqual(queueLines(state, undefined), ["Checking your browser… 12,345 hashes"]);
    });

    it("says plainly 'joining' before any check", () => {
        assert.deepEqual(queueLines(joining, undefined), ["Joining the queue…"]);
    });

    it("a late progress report changes nothing once the join is over", () => {
        assert.equal(reduce(waiting, { type: "checking", hashes: 9 }).state, waiting);
        assert.equal(reduce(loggedIn, { type: "checking", hashes: 9 }).state, loggedIn);
    });

    it("a place got after the check is checked at once, as any place", () => {
        const checked = run(joining, { type: "checking", hashes: 300 }).state;
        const { state } = reduce(checked, { type: "joined", queueToken: "qt-2", position: 1 });
        assert.deepEqual(state.phase, { name: "waiting", queueToken: "qt-2", number: 1 });
    });
});

describe("leaving the queue", () => {
    const leavingWaiting = run(waiting, { type: "leaveStarted" }).state;
    const leavingReady = run(ready, { type: "leaveStarted" }).state;

    it("is possible while waiting or holding a purchase token, not otherwise", () => {
        assert.equal(canLeave(waiting.phase), true);
        assert.equal(canLeave(ready.phase), true);
        for (const other of [loggedIn, joining, buying]) {
            assert.equal(canLeave(other.phase), false, other.phase.name);
            assert.equal(reduce(other, { type: "leaveStarted" }).state, other, other.phase.name);
        }
    });

    it("says it is leaving, stops checking the queue token (a new epoch) and asks nothing else", () => {
        const { state, effects } = reduce(waiting, { type: "leaveStarted" });
        assert.deepEqual(state.phase, { name: "leaving", from: waiting.phase });
        assert.equal(state.epoch, waiting.epoch + 1);
        assert.deepEqual(effects, []);
        assert.deepEqual(queueLines(state, "open"), ["Leaving the queue…"]);
    });

    it("once the server took the place back: Join again, saying so, the stored tokens forgotten", () => {
        for (const leaving of [leavingWaiting, leavingReady]) {
            const { state, effects } = reduce(leaving, { type: "left" });
            assert.equal(state.phase.name, "idle");
            assert.equal(state.note, leftSentence);
            assert.deepEqual(effects, [{ kind: "forgetPurchase" }]);
            assert.deepEqual(queueLines(state, "open"), [leftSentence]);
        }
        assert.match(leftSentence, /^You left the queue.*join again, at the back/);
        assert.equal(reduce(waiting, { type: "left" }).state, waiting, "a stray answer changes nothing");
    });

    it("no answer, or a refusal: back to the place held, with the sentence (the shopper may try again)", () => {
        const unreachable = reduce(leavingReady, { type: "unreachable" }).state;
        assert.deepEqual(unreachable.phase, ready.phase);
        assert.equal(unreachable.note, unreachableSentence);
        const { state, effects } = reduce(leavingWaiting, { type: "refused", problem: problem("rate_limited") });
        assert.deepEqual(state.phase, waiting.phase);
        assert.equal(state.note, problemSentences.rate_limited);
        assert.deepEqual(effects, [{ kind: "pollNow" }], "the place is checked again");
    });

    it("an unknown sale holds no place: Join, the tokens forgotten, the sale read again; an ended session logs out", () => {
        const gone = reduce(leavingWaiting, { type: "refused", problem: problem("not_found") });
        assert.equal(gone.state.phase.name, "idle");
        assert.deepEqual(gone.effects, [{ kind: "forgetPurchase" }, { kind: "refreshSale" }]);
        assert.equal(reduce(leavingWaiting, { type: "refused", problem: problem("unauthorized") }).state.phase.name, "anonymous");
    });

    it("another tab's change waits for the server's answer", () => {
        const held = { queue: { queueToken: "qt-1", position: 3 } };
        assert.equal(reduce(leavingWaiting, { type: "restored", held }).state, leavingWaiting);
        assert.equal(reduce(leavingWaiting, { type: "restored", held: undefined }).state.phase.name, "anonymous", "but a log-out is one");
    });

    it("left in another tab or browser: the revoked token sends this one back to Join too", () => {
        for (const from of [waiting, buying]) {
            const { state, effects } = reduce(from, { type: "refused", problem: problem("token_revoked") });
            assert.equal(state.phase.name, "idle", from.phase.name);
            assert.equal(state.note, problemSentences.token_revoked);
            assert.deepEqual(effects, [{ kind: "forgetPurchase" }]);
        }
    });
});

describe("a paced release and a purchase window", () => {
    it("the place counts down with each 202's position: N ahead, 1 ahead, next", () => {
        const said = [5, 1, 0].map((position) => {
            const { state } = reduce(waiting, { type: "stillWaiting", position, retryAfterSeconds: 3 });
            return queueLines(state, "open")[1];
        });
        assert.deepEqual(said, ["5 shoppers are ahead of you.", "1 shopper is ahead of you.", "You are next."]);
        assert.equal(aheadLine(-1), "You are next.");
    });

    it("a purchase token refused as expired (its window is over) says the time to buy ran out", () => {
        const { state, effects } = reduce(buying, { type: "refused", problem: problem("token_expired") });
        assert.equal(state.phase.name, "idle");
        assert.equal(state.note, timeRanOutSentence);
        assert.deepEqual(effects, [{ kind: "forgetPurchase" }]);
        assert.equal(reduce(waiting, { type: "refused", problem: problem("token_expired") }).state.note, problemSentences.token_expired,
            "an expired queue token is a place that expired, not a time to buy");
    });

    it("the time left to buy, urgent in its last minute", () => {
        assert.deepEqual(timeLeftToBuy(at(90_000), now), { ms: 90_000, urgent: false });
        assert.deepEqual(timeLeftToBuy(at(60_000), now), { ms: 60_000, urgent: false });
        assert.deepEqual(timeLeftToBuy(at(59_999), now), { ms: 59_999, urgent: true });
        assert.deepEqual(timeLeftToBuy(at(-5_000), now), { ms: 0, urgent: true });
    });
});

describe("a place in the pre-queue", () => {
    const preQueued = run(loggedIn, { type: "joinStarted" }, { type: "joined", queueToken: "qt-p", position: undefined }).state;

    it("has no number yet: it counts down to the opening and says the place will be drawn at random", () => {
        assert.deepEqual(preQueued.phase, { name: "waiting", queueToken: "qt-p", number: undefined });
        assert.deepEqual(queueLines(preQueued, "pre_queue", 42_000), [
            "You are in the pre-queue: the queue opens in 0:42, your place will be drawn at random.",
        ]);
        assert.equal(preQueueLine(61_500), "You are in the pre-queue: the queue opens in 1:02, your place will be drawn at random.");
    });

    it("at the opening, waits for the draw; then the 202's position counts down like any place", () => {
        assert.deepEqual(queueLines(preQueued, "open", -1), ["The queue has opened: your place is being drawn at random…"]);
        const beforeDraw = reduce(preQueued, { type: "stillWaiting", position: undefined, retryAfterSeconds: 2 }).state;
        assert.deepEqual(queueLines(beforeDraw, "open", -1000)[0], "The queue has opened: your place is being drawn at random…");
        const drawn = reduce(beforeDraw, { type: "stillWaiting", position: 4, retryAfterSeconds: 2 }).state;
        assert.deepEqual(queueLines(drawn, "open", -2000).slice(0, 2), ["You are in the queue.", "4 shoppers are ahead of you."]);
    });

    it("an idle shopper is told the pre-queue is open", () => {
        assert.match(queueLines(loggedIn, "pre_queue")[0], /^The pre-queue is open: join now/);
    });
});

describe("the number drawn for a pre-queued place", () => {
    const preQueued = run(loggedIn, { type: "joinStarted" }, { type: "joined", queueToken: "qt-p", position: undefined }).state;
    const ranked = reduce(preQueued, { type: "stillWaiting", position: 2, retryAfterSeconds: 2 }).state;

    it("is asked for once the exchange ranks the place, not before, and not for a place with a number", () => {
        assert.equal(numberToLearn(preQueued.phase), false, "before the draw the place has no rank");
        assert.equal(numberToLearn(ranked.phase), true);
        assert.equal(numberToLearn(waiting.phase), false, "a place joined after the opening has its number");
    });

    it("once given, shows with the count of who is ahead, and is asked for no more", () => {
        const { state, effects } = reduce(ranked, { type: "numberDrawn", queueToken: "qt-p", position: 3 });
        assert.deepEqual(effects, []);
        assert.deepEqual(queueLines(state, "open", -1).slice(0, 2), ["You are number 3 in the queue.", "2 shoppers are ahead of you."]);
        assert.equal(numberToLearn(state.phase), false);
        assert.equal(reduce(state, { type: "numberDrawn", queueToken: "qt-p", position: 9 }).state, state, "a number is for good");
    });

    it("for another place (the shopper left and joined again meanwhile) changes nothing", () => {
        assert.equal(reduce(ranked, { type: "numberDrawn", queueToken: "qt-other", position: 3 }).state, ranked);
    });
});
