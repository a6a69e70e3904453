// The waiting room's phase machine, as a reducer: `reduce(state, event)` gives the next state and the effects the page
// must carry out (forget stored tokens, check the queue token now or later, join again later, look for an order, reload
// the sale). No DOM, no fetch, no timers, no storage: main.ts holds the one state, sends it the events and renders what
// comes back. A place taken in the pre-queue is a "waiting" phase with no number yet: its number is drawn at the
// opening, and queueLines says so, with the time left until then.
import type { ApiProblem, OrderView, ProblemCode } from "../../../clients/typescript/src/index.js";
import { about } from "../format.js";
import { isTransient, problemSentences, sentenceFor, unreachableSentence } from "../problems.js";
import { clampPollSeconds, msLeft, retrySeconds } from "./schedule.js";

export type Phase =
    | { name: "loading" }
    | { name: "anonymous" }
    | { name: "idle" } // logged in, holding no place
    // checkedHashes: while the browser solves the sale's bot challenge (in a Worker), the hashes tried so far.
    | { name: "joining"; checkedHashes?: number }
    // An operator paused the queue: the page joins again by itself after the server's Retry-After (the note says when).
    | { name: "paused" }
    // number: the place the shopper got on joining (1-based, for good; none for a place in the pre-queue, drawn at the
    // opening); ahead: how many shoppers are still to be released before this one, from the last 202 (0: next; none
    // before the pre-queue's draw); nextCheckSeconds: that answer's Retry-After.
    | { name: "waiting"; queueToken: string; number?: number; ahead?: number; nextCheckSeconds?: number }
    | { name: "ready"; purchaseToken: string; expiresAt: string }
    | { name: "buying"; purchaseToken: string; expiresAt: string }
    // The shopper asked to leave; `from` is where they stood, back to it if the server could not be told.
    | { name: "leaving"; from: HoldingPhase }
    | { name: "done"; order: OrderView; message?: string };

/** The phases in which the shopper holds a place (a queue token, or the purchase token it became): they may leave. */
export type HoldingPhase = Extract<Phase, { name: "waiting" | "ready" }>;

export type PhaseName = Phase["name"];

export interface WaitingRoomState {
    readonly phase: Phase;
    /** A plain sentence shown with the queue state: the last refusal, or a retry under way. */
    readonly note?: string;
    /** Bumped at every change of phase, so that an answer that arrives for an older phase can be told and ignored. */
    readonly epoch: number;
    /** Failed checks of the queue token in a row (reset by any answer, and by a change of phase): the backoff's step. */
    readonly pollFailures: number;
}

export const initialState: WaitingRoomState = { phase: { name: "loading" }, note: undefined, epoch: 0, pollFailures: 0 };

/** What this browser holds for the shopper and the current sale (the store's order, purchase token and queue token). */
export interface Held {
    order?: { order: OrderView; message?: string };
    purchase?: { purchaseToken: string; expiresAt: string };
    queue?: { queueToken: string; position?: number };
}

export type WaitingRoomEvent =
    /** Where the shopper stands, from what this browser holds (page load, log-in, another tab); undefined: logged out. */
    | { type: "restored"; held: Held | undefined }
    /** Logged out by the shopper (no message) or because the session ended (the sentence to show at the form). */
    | { type: "loggedOut"; message?: string }
    | { type: "joinStarted" }
    /** The browser is solving the sale's bot challenge: `hashes` tried so far. */
    | { type: "checking"; hashes: number }
    /** position: none for a place in the pre-queue (drawn at the opening). */
    | { type: "joined"; queueToken: string; position?: number }
    /** 202 from the exchange: still waiting, `position` tokens ahead, ask again after `retryAfterSeconds`. */
    | { type: "stillWaiting"; position?: number; retryAfterSeconds: number }
    /** The number drawn for a place taken in the pre-queue, as enter gives it back after the draw. */
    | { type: "numberDrawn"; queueToken: string; position: number }
    /** The exchange gave a purchase token: the shopper's turn. */
    | { type: "turnReached"; purchaseToken: string; expiresAt: string }
    | { type: "buyStarted" }
    | { type: "bought"; order: OrderView; message?: string }
    /** The shopper pressed "Leave the queue" (only while waiting or holding a purchase token). */
    | { type: "leaveStarted" }
    /** The server took the place back (204): the tokens are revoked, the shopper may join again at the back. */
    | { type: "left" }
    /** An order of this shopper for this sale was found on the server, asked for while the state had `askedInEpoch`. */
    | { type: "orderFound"; order: OrderView; askedInEpoch: number }
    /** The API refused the step under way (join, exchange, purchase). */
    | { type: "refused"; problem: ApiProblem; retryAfterSeconds?: number }
    /** The step under way got no answer that is one of the API's documents (the network, a proxy's error page...). */
    | { type: "unreachable" }
    /** The clock moved on: a purchase token may have run out. */
    | { type: "tick"; now: number };

export type Effect =
    /** Remove the stored queue and purchase tokens (the session and the order stay), before the next render. */
    | { kind: "forgetPurchase" }
    /** Remove everything stored (logging out), before the next render. */
    | { kind: "forgetAll" }
    /** Show this sentence (or nothing) at the log-in form. */
    | { kind: "accountMessage"; text: string | undefined }
    /** Exchange the queue token now. */
    | { kind: "pollNow" }
    /** Exchange the queue token again in `seconds`. */
    | { kind: "pollLater"; seconds: number }
    /** Try to join again in `seconds` (the queue was paused). */
    | { kind: "joinLater"; seconds: number }
    /** Ask the server whether the shopper has an order for this sale (bought elsewhere). */
    | { kind: "findOrder" }
    /** Ask the server for the sale again (its status or stock changed). */
    | { kind: "refreshSale" };

export interface Transition {
    state: WaitingRoomState;
    effects: Effect[];
}

const unchanged = (state: WaitingRoomState): Transition => ({ state, effects: [] });

/** What the page says once the shopper has left the queue. */
export const leftSentence = "You left the queue and your place went to the next shopper. You can join again, at the back of the queue.";
/** What the page says when a purchase token ran out unused (the purchase window): its slot went to the next shopper. */
export const timeRanOutSentence = "Your time to buy ran out, so your turn went to the next shopper. Join the queue again, at the back.";

/** Whether the shopper holds a place they could leave. */
export function canLeave(phase: Phase): phase is HoldingPhase {
    return phase.name === "waiting" || phase.name === "ready";
}

/** A change of phase: a new epoch, the failures count starts again, the note is the given one (or none). */
function enter(state: WaitingRoomState, phase: Phase, note?: string, ...effects: Effect[]): Transition {
    const pollNow: Effect[] = phase.name === "waiting" ? [{ kind: "pollNow" }] : [];
    return { state: { phase, note, epoch: state.epoch + 1, pollFailures: 0 }, effects: [...effects, ...pollNow] };
}

/** The same phase, with a retry of the exchange in `seconds` and a note saying so. */
function retryLater(state: WaitingRoomState, sentence: string, seconds: number, failures: number): Transition {
    return {
        state: { ...state, note: `${sentence} Trying again in ${about(seconds)}.`, pollFailures: failures },
        effects: [{ kind: "pollLater", seconds }],
    };
}

export function reduce(state: WaitingRoomState, event: WaitingRoomEvent): Transition {
    const { phase } = state;
    switch (event.type) {
        case "restored":
            return restored(state, event.held);
        case "loggedOut":
            return enter(state, { name: "anonymous" }, undefined, { kind: "forgetAll" }, { kind: "accountMessage", text: event.message });
        case "joinStarted":
            return phase.name === "idle" || phase.name === "paused" ? enter(state, { name: "joining" }) : unchanged(state);
        case "checking":
            // Progress, not a new phase: the epoch stays, so the join under way is still the current one.
            return phase.name === "joining"
                ? { state: { ...state, phase: { name: "joining", checkedHashes: event.hashes } }, effects: [] }
                : unchanged(state);
        case "joined":
            return enter(state, { name: "waiting", queueToken: event.queueToken, number: event.position });
        case "numberDrawn":
            // Only for the place it was asked for, and only once: a number, once given, is for good.
            return phase.name === "waiting" && phase.queueToken === event.queueToken && phase.number === undefined
                ? { state: { ...state, phase: { ...phase, number: event.position } }, effects: [] }
                : unchanged(state);
        case "stillWaiting": {
            if (phase.name !== "waiting") {
                return unchanged(state);
            }
            const seconds = clampPollSeconds(event.retryAfterSeconds);
            return {
                state: { ...state, phase: { ...phase, ahead: event.position, nextCheckSeconds: seconds }, note: undefined, pollFailures: 0 },
                effects: [{ kind: "pollLater", seconds }],
            };
        }
        case "turnReached":
            return enter(state, { name: "ready", purchaseToken: event.purchaseToken, expiresAt: event.expiresAt });
        case "buyStarted":
            return phase.name === "ready"
                ? enter(state, { name: "buying", purchaseToken: phase.purchaseToken, expiresAt: phase.expiresAt })
                : unchanged(state);
        case "leaveStarted":
            return canLeave(phase) ? enter(state, { name: "leaving", from: phase }) : unchanged(state);
        case "left":
            return phase.name === "leaving" ? enter(state, { name: "idle" }, leftSentence, { kind: "forgetPurchase" }) : unchanged(state);
        case "bought":
            return enter(state, { name: "done", order: event.order, message: event.message }, undefined, { kind: "forgetPurchase" }, { kind: "refreshSale" });
        case "orderFound":
            // Shown unless the shopper has moved on since asking (joined, say); from "idle" it always replaces Join.
            return state.epoch === event.askedInEpoch || phase.name === "idle"
                ? enter(state, { name: "done", order: event.order })
                : unchanged(state);
        case "refused":
            return refused(state, event.problem, event.retryAfterSeconds);
        case "unreachable":
            switch (phase.name) {
                case "joining":
                    return enter(state, { name: "idle" }, unreachableSentence);
                case "waiting": {
                    const failures = state.pollFailures + 1;
                    return retryLater(state, unreachableSentence, retrySeconds(undefined, failures), failures);
                }
                case "buying":
                    return enter(state, { name: "ready", purchaseToken: phase.purchaseToken, expiresAt: phase.expiresAt }, unreachableSentence);
                case "leaving":
                    // The place is still held as far as the page knows: back to it, and the shopper may try again.
                    return enter(state, phase.from, unreachableSentence);
                default:
                    return unchanged(state);
            }
        case "tick":
            return phase.name === "ready" && msLeft(phase.expiresAt, event.now) === 0
                ? enter(state, { name: "idle" }, timeRanOutSentence, { kind: "forgetPurchase" })
                : unchanged(state);
    }
}

/** An order, else a purchase token, else a queue token, else nothing yet: the phase each stands for, if not already in it. */
function restored(state: WaitingRoomState, held: Held | undefined): Transition {
    const { phase } = state;
    if (!held) {
        return phase.name === "anonymous" ? unchanged(state) : enter(state, { name: "anonymous" });
    }
    if (phase.name === "leaving") {
        return unchanged(state); // the tokens are forgotten once the server has answered; until then nothing changes
    }
    const { order, purchase, queue } = held;
    if (order) {
        return phase.name === "done" && phase.order.orderId === order.order.orderId
            ? unchanged(state)
            : enter(state, { name: "done", order: order.order, message: order.message });
    }
    if (purchase) {
        return (phase.name === "ready" || phase.name === "buying") && phase.purchaseToken === purchase.purchaseToken
            ? unchanged(state)
            : enter(state, { name: "ready", purchaseToken: purchase.purchaseToken, expiresAt: purchase.expiresAt });
    }
    if (queue) {
        return phase.name === "waiting" && phase.queueToken === queue.queueToken
            ? unchanged(state)
            : enter(state, { name: "waiting", queueToken: queue.queueToken, number: queue.position });
    }
    // Paused: holding no place yet, and the retry planned stays planned (another tab's change is no reason to drop it).
    return phase.name === "idle" || phase.name === "joining" || phase.name === "paused"
        ? unchanged(state)
        : enter(state, { name: "idle" });
}

/** Refusals that end the purchase under way: its stored tokens are of no more use. */
const endsThePurchase: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
    "already_purchased",
    "sold_out",
    "sale_closed",
    "sale_not_open",
    "token_expired",
    "token_revoked",
    "invalid_token",
    "token_not_yours",
]);

/** A refusal of any of the three steps: the sentence, and what the shopper can do next. */
function refused(state: WaitingRoomState, problem: ApiProblem, retryAfterSeconds: number | undefined): Transition {
    const { phase } = state;
    const sentence = sentenceFor(problem);
    if (problem.code === "unauthorized") {
        return reduce(state, { type: "loggedOut", message: sentence });
    }
    if (phase.name === "leaving") {
        // An unknown sale (404) holds no place to leave; any other refusal leaves the place where it was.
        return problem.code === "not_found"
            ? enter(state, { name: "idle" }, sentence, { kind: "forgetPurchase" }, { kind: "refreshSale" })
            : enter(state, phase.from, sentence);
    }
    if (problem.code === "token_expired" && (phase.name === "ready" || phase.name === "buying")) {
        // The purchase token, not the queue token: the purchase window is over.
        return enter(state, { name: "idle" }, timeRanOutSentence, { kind: "forgetPurchase" });
    }
    if (problem.code === "queue_paused" && phase.name === "joining") {
        // Not the shopper's doing and soon over: say so, and join again when the server says (or after the backoff).
        const seconds = retrySeconds(retryAfterSeconds, 1);
        return enter(state, { name: "paused" }, `${sentence.replace(/\.$/, "")}; we will try again in ${about(seconds)}.`, {
            kind: "joinLater",
            seconds,
        });
    }
    if (endsThePurchase.has(problem.code)) {
        const then: Effect[] =
            problem.code === "already_purchased"
                ? [{ kind: "findOrder" }] // bought in another tab or browser: show that order
                : problem.code === "sold_out" || problem.code === "sale_closed" || problem.code === "sale_not_open"
                  ? [{ kind: "refreshSale" }] // the sale's status has changed: show it
                  : [];
        return enter(state, { name: "idle" }, sentence, { kind: "forgetPurchase" }, ...then);
    }
    if (phase.name === "waiting" && isTransient(problem.code)) {
        // Keep the place and ask again when the server says, or after the first backoff step: an answer came, so
        // this refusal is the first failure in a row.
        const failures = 1;
        return retryLater(state, sentence, retrySeconds(retryAfterSeconds, failures), failures);
    }
    if (phase.name === "buying") {
        return enter(state, { name: "ready", purchaseToken: phase.purchaseToken, expiresAt: phase.expiresAt }, sentence);
    }
    return phase.name === "waiting"
        ? enter(state, { name: "idle" }, sentence, { kind: "forgetPurchase" })
        : enter(state, { name: "idle" }, sentence);
}

/** Where the shopper stands, in words: what the live region says. `saleStatus`: the sale's, if there is one. */
/**
 * @param opensInMs How long until the sale opens (negative once open); needed to count down the pre-queue.
 */
export function queueLines(state: WaitingRoomState, saleStatus: string | undefined, opensInMs?: number): string[] {
    const { phase, note } = state;
    switch (phase.name) {
        case "idle": {
            if (note) {
                return [note];
            }
            switch (saleStatus) {
                case "scheduled":
                    return ["The queue opens when the countdown ends. The button below works from then on."];
                case "pre_queue":
                    return ["The pre-queue is open: join now. When the queue opens, the places of everyone in the pre-queue are drawn at random."];
                case "open":
                    return ["The sale is open. Join the queue to get your turn to buy."];
                case "sold_out":
                    return [problemSentences.sold_out];
                case "closed":
                    return [problemSentences.sale_closed];
                default:
                    return [];
            }
        }
        case "joining":
            return phase.checkedHashes !== undefined
                ? [`Checking your browser… ${phase.checkedHashes.toLocaleString("en-US")} hashes`]
                : ["Joining the queue…"];
        case "paused":
            return note ? [note] : [problemSentences.queue_paused];
        case "waiting": {
            const lines: string[] = [];
            if (phase.number === undefined && phase.ahead === undefined) {
                lines.push(preQueueLine(opensInMs));
                if (note) {
                    lines.push(note);
                }
                return lines;
            }
            lines.push(phase.number !== undefined ? `You are number ${phase.number} in the queue.` : "You are in the queue.");
            if (phase.ahead !== undefined) {
                lines.push(aheadLine(phase.ahead));
            }
            if (note) {
                lines.push(note);
            } else if (phase.nextCheckSeconds !== undefined) {
                lines.push(
                    `Estimated wait: ${about(phase.nextCheckSeconds)} until the next check. ` +
                        "This page checks by itself: keep it open.",
                );
            } else {
                lines.push("Checking whether it is your turn…");
            }
            return lines;
        }
        case "ready":
            return note ? ["It is your turn.", note] : ["It is your turn! Buy now, before your time to buy runs out."];
        case "buying":
            return ["Placing your order…"];
        case "leaving":
            return ["Leaving the queue…"];
        default:
            return [];
    }
}

/**
 * A place in the pre-queue, before its number is drawn: the countdown to the opening, then the draw itself (a moment,
 * until the next check gives the place).
 */
export function preQueueLine(opensInMs: number | undefined): string {
    if (opensInMs === undefined || opensInMs <= 0) {
        return "The queue has opened: your place is being drawn at random…";
    }
    const seconds = Math.ceil(opensInMs / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    return `You are in the pre-queue: the queue opens in ${clock}, your place will be drawn at random.`;
}

/** How many are still ahead, from exchange's 202 `position` (0: next), as it counts down during a paced release. */
export function aheadLine(ahead: number): string {
    return ahead <= 0 ? "You are next." : ahead === 1 ? "1 shopper is ahead of you." : `${ahead} shoppers are ahead of you.`;
}

/** Under this, the time left to buy is shown as urgent. */
export const URGENT_BUY_MS = 60_000;

/** The time left to buy with a purchase token (from its expiresAt): the countdown, and whether it is nearly over. */
export function timeLeftToBuy(expiresAt: string, now: number): { ms: number; urgent: boolean } {
    const ms = msLeft(expiresAt, now);
    return { ms, urgent: ms < URGENT_BUY_MS };
}

/**
 * Whether to ask enter for the place's drawn number: the place was taken in the pre-queue (no number yet) and the
 * exchange now ranks it (the draw happened). Enter gives the same queue token back, with its number.
 */
export function numberToLearn(phase: Phase): boolean {
    return phase.name === "waiting" && phase.number === undefined && phase.ahead !== undefined;
}
