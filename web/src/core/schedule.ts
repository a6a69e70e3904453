// When the page asks the server again, as pure functions of what it was told and of the clock it is given: no DOM, no
// fetch, no timers. main.ts sets the timers these numbers describe.
import type { SaleView } from "../../../clients/typescript/src/index.js";

/** The fewest seconds between two checks of the queue token, whatever Retry-After says: never a tight loop. */
export const MIN_POLL_SECONDS = 1;
/** The most seconds between two checks, whatever Retry-After says: a page left open is never forgotten (5 min). */
export const MAX_POLL_SECONDS = 300;
/** The first wait after a failed check with no Retry-After; it doubles with each failure in a row (2 s, 4 s, 8 s...). */
export const FIRST_BACKOFF_SECONDS = 2;
/** The longest wait between failed checks: an outage's end is noticed within half a minute. */
export const MAX_BACKOFF_SECONDS = 30;

/** How often the countdowns on screen are redrawn: twice a second, so the seconds shown never skip one. */
export const TICK_MS = 500;
/** The least time between two requests for the sale when a countdown has run out (the server's clock may lag ours). */
export const SALE_REFRESH_MIN_GAP_MS = 2_000;
/** When there is no sale (a refusal such as 404), ask again this often: a new sale is not set up in seconds. */
export const NO_SALE_RETRY_MS = 30_000;
/** When the shop cannot be reached for the sale, ask again this often: sooner than the above, it may be a blip. */
export const UNREACHABLE_SALE_RETRY_MS = 10_000;
/** How often the operators' page reads the sales' figures: "live" to a person watching, one small query per read. */
export const FIGURES_REFRESH_MS = 1_500;

/** Milliseconds before `at` (an ISO date); 0 when past or unreadable. */
export function msLeft(at: string, now = Date.now()): number {
    const time = Date.parse(at);
    return Number.isFinite(time) ? Math.max(0, time - now) : 0;
}

/** A Retry-After (in seconds) within [MIN_POLL_SECONDS, MAX_POLL_SECONDS]; none or not a number: the minimum. */
export function clampPollSeconds(seconds: number | undefined): number {
    const value = Number.isFinite(seconds) ? (seconds as number) : MIN_POLL_SECONDS;
    return Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, value));
}

/** The wait after `failures` failed checks in a row (1, 2, 3...): FIRST_BACKOFF_SECONDS doubled each time, capped. */
export function backoffSeconds(failures: number): number {
    const doublings = Math.max(0, failures - 1);
    return Math.min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** doublings);
}

/** The seconds before asking again after a failure: the server's Retry-After when it gave one, else the backoff. */
export function retrySeconds(retryAfterSeconds: number | undefined, failures: number): number {
    return clampPollSeconds(retryAfterSeconds ?? backoffSeconds(failures));
}

/** The timer delay of a check `seconds` from now, within the same bounds. */
export function pollDelayMs(seconds: number): number {
    return clampPollSeconds(seconds) * 1000;
}

/** Whether the Join button may be pressed: the server says open, and our clock agrees the sale has opened, not closed. */
export function saleIsOpen(sale: SaleView | undefined, now = Date.now()): boolean {
    return sale?.status === "open" && msLeft(sale.opensAt, now) === 0 && msLeft(sale.closesAt, now) > 0;
}

/**
 * Whether the Join button works: the sale is open, or it is scheduled with a pre-queue that has opened (our clock
 * between the pre-queue's opening and the sale's).
 */
export function saleIsJoinable(sale: SaleView | undefined, now = Date.now()): boolean {
    return saleIsOpen(sale, now) || joiningStatus(sale, now) === "pre_queue";
}

/**
 * The sale's status as the waiting room words it: the server's, or "pre_queue" while a scheduled sale's pre-queue is
 * open (shoppers may join; their places are drawn at the opening).
 */
export function joiningStatus(sale: SaleView | undefined, now = Date.now()): string | undefined {
    if (sale?.status === "scheduled" && sale.preQueueOpensAt && msLeft(sale.preQueueOpensAt, now) === 0 && msLeft(sale.opensAt, now) > 0) {
        return "pre_queue";
    }
    return sale?.status;
}

/**
 * Whether to ask the server for the sale again: only when a countdown on screen has run out (the sale should have
 * opened, or closed) and the last request is at least SALE_REFRESH_MIN_GAP_MS old.
 */
export function saleRefreshDue(sale: SaleView | undefined, lastRefreshAt: number, now = Date.now()): boolean {
    if (!sale || now - lastRefreshAt < SALE_REFRESH_MIN_GAP_MS) {
        return false;
    }
    const opening = sale.status === "scheduled" && msLeft(sale.opensAt, now) === 0;
    const closing = sale.status === "open" && msLeft(sale.closesAt, now) === 0;
    return opening || closing;
}

/** The same for a list of sales (the waiting room's picker shows each one's status): any countdown that ran out. */
export function anySaleRefreshDue(sales: readonly SaleView[], lastRefreshAt: number, now = Date.now()): boolean {
    return sales.some((sale) => saleRefreshDue(sale, lastRefreshAt, now));
}
