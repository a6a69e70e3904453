// The operators' sale form, as pure functions: the fields it has, what the typed text means as the API's settings,
// which settings an edit changes (PATCH sends only those) and how to say each change. The server holds the rules
// (stock ≥ 1, price > 0...): the page only checks what it must to write the JSON at all (a number, a date, a
// duration), and shows the server's messages next to their fields.
import type { AdminSaleView, ApiProblem, SaleSettings } from "../../../clients/typescript/src/index.js";
import { dateTime, money } from "../format.js";

export type SaleField =
    | "productName"
    | "price"
    | "currency"
    | "stock"
    | "opensAt"
    | "duration"
    | "queueCapacity"
    // The waiting-room controls (v2): how shoppers are let through.
    | "preQueue"
    | "releaseRate"
    | "maxActiveShoppers"
    | "purchaseWindow"
    | "challengeDifficulty";

/** The fields that are whole numbers, and those that are durations ([d.]hh:mm:ss). */
const wholeNumberFields = ["stock", "queueCapacity", "releaseRate", "maxActiveShoppers", "challengeDifficulty"] as const;
const durationFields = ["duration", "preQueue", "purchaseWindow"] as const;

export interface FieldSpec {
    name: SaleField;
    label: string;
    hint?: string;
    input: "text" | "number" | "datetime-local";
    /** For number inputs: the step the browser's arrows take (and its own validity check). */
    step?: string;
    /** The contract fixes it once the sale has opened (PATCH answers sale_already_open). */
    lockedOnceOpen: boolean;
    /** The form shows the waiting-room controls together, under a heading of their own. */
    group?: "waitingRoom";
}

export const saleFields: readonly FieldSpec[] = [
    { name: "productName", label: "Product", input: "text", hint: "Up to 200 characters.", lockedOnceOpen: true },
    { name: "price", label: "Price", input: "number", step: "0.01", hint: "For example 699.00.", lockedOnceOpen: true },
    { name: "currency", label: "Currency", input: "text", hint: "Three letters, such as EUR.", lockedOnceOpen: true },
    { name: "stock", label: "Units for sale", input: "number", step: "1", lockedOnceOpen: false },
    { name: "opensAt", label: "Opens at", input: "datetime-local", hint: "In this computer's time zone.", lockedOnceOpen: true },
    { name: "duration", label: "Stays open for", input: "text", hint: "Hours:minutes:seconds, such as 01:00:00.", lockedOnceOpen: false },
    {
        name: "queueCapacity",
        label: "Queue capacity",
        input: "number",
        step: "1",
        hint: "How many shoppers may hold a place at once; 0 for no limit.",
        lockedOnceOpen: false,
    },
    {
        name: "releaseRate",
        label: "Release pace (shoppers per minute)",
        input: "number",
        step: "1",
        hint: "Let shoppers through at an even pace, at most this many a minute; 0 for as fast as the queue moves.",
        lockedOnceOpen: false,
        group: "waitingRoom",
    },
    {
        name: "maxActiveShoppers",
        label: "Shoppers buying at once",
        input: "number",
        step: "1",
        hint: "At most this many unused purchase tokens out at once; 0 for no limit.",
        lockedOnceOpen: false,
        group: "waitingRoom",
    },
    {
        name: "purchaseWindow",
        label: "Time to buy",
        input: "text",
        hint: "How long a shopper let through may buy, as hours:minutes:seconds (00:05:00); empty for the shop's default.",
        lockedOnceOpen: false,
        group: "waitingRoom",
    },
    {
        name: "preQueue",
        label: "Pre-queue before opening",
        input: "text",
        hint: "Shoppers may wait this long before the opening, then are put in a random order (00:00:00 for none). Cannot change once the sale has opened.",
        lockedOnceOpen: true,
        group: "waitingRoom",
    },
    {
        name: "challengeDifficulty",
        label: "Bot check (difficulty)",
        input: "number",
        step: "1",
        hint: "The proof of work asked before joining, 1 to 32 (harder as it grows); 0 for none.",
        lockedOnceOpen: false,
        group: "waitingRoom",
    },
];

/** What the operator typed, field by field (an input's value; "" when empty or not a number the browser could read). */
export type FormText = Record<SaleField, string>;

export type FieldErrors = Partial<Record<SaleField, string[]>>;

export interface ReadForm {
    settings: SaleSettings;
    /** Fields the page could not turn into JSON: sent to nobody, shown next to the field. */
    errors: FieldErrors;
}

export const notANumber = "Please enter a number, such as 699.00.";
export const notAWholeNumber = "Please enter a whole number.";
export const notADate = "Please enter a date and a time.";
export const notADuration = "Please write it as hours:minutes:seconds, such as 01:00:00.";

/**
 * The settings the text stands for. An empty field is left out (the server says whether it was needed); currency is
 * put in capitals and the product name trimmed, as nobody means the difference.
 */
export function readForm(text: FormText): ReadForm {
    const settings: SaleSettings = {};
    const errors: FieldErrors = {};
    const value = (field: SaleField) => text[field].trim();

    if (value("productName") !== "") {
        settings.productName = value("productName");
    }
    if (value("currency") !== "") {
        settings.currency = value("currency").toUpperCase();
    }
    for (const field of ["price", ...wholeNumberFields] as const) {
        if (value(field) === "") {
            continue;
        }
        const number = Number(value(field));
        if (!Number.isFinite(number)) {
            errors[field] = [notANumber];
        } else if (field !== "price" && !Number.isInteger(number)) {
            errors[field] = [notAWholeNumber];
        } else {
            settings[field] = number;
        }
    }
    if (value("opensAt") !== "") {
        const opensAt = localInputToIso(value("opensAt"));
        if (opensAt === undefined) {
            errors.opensAt = [notADate];
        } else {
            settings.opensAt = opensAt;
        }
    }
    for (const field of durationFields) {
        if (value(field) === "") {
            continue;
        }
        const duration = normalizeDuration(value(field));
        if (duration === undefined) {
            errors[field] = [notADuration];
        } else {
            settings[field] = duration;
        }
    }
    return { settings, errors };
}

/** A datetime-local input's value (local time, no zone) as an ISO instant; undefined when it is no date. */
export function localInputToIso(value: string): string | undefined {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value)) {
        return undefined;
    }
    const date = new Date(value); // a date-time without a zone is local time
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An instant as a datetime-local input's value (local time, to the second). */
export function isoToLocalInput(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return "";
    }
    const two = (n: number) => String(n).padStart(2, "0");
    return (
        `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
        `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
    );
}

/**
 * "1:30:00", "01:30:00", "2.00:00:00" (days) as .NET's TimeSpan text ("01:30:00", "2.00:00:00"); undefined when it is
 * none, or has minutes or seconds beyond 59.
 */
export function normalizeDuration(text: string): string | undefined {
    const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const [, days, hours, minutes, seconds] = match;
    if (Number(hours) > 23 && days !== undefined) {
        return undefined;
    }
    if (Number(minutes) > 59 || Number(seconds) > 59) {
        return undefined;
    }
    const totalHours = Number(hours) + (days === undefined ? 0 : Number(days) * 24);
    const two = (n: number) => String(n).padStart(2, "0");
    const wholeDays = Math.floor(totalHours / 24);
    const clock = `${two(totalHours % 24)}:${two(Number(minutes))}:${two(Number(seconds))}`;
    return wholeDays > 0 ? `${wholeDays}.${clock}` : clock;
}

/** A sale's current settings as the form's text: what the edit dialog starts from. */
export function formTextOf(sale: AdminSaleView): FormText {
    return {
        productName: sale.productName,
        price: String(sale.price),
        currency: sale.currency,
        stock: String(sale.stockTotal),
        opensAt: isoToLocalInput(sale.opensAt),
        duration: normalizeDuration(sale.duration) ?? sale.duration,
        queueCapacity: String(sale.queueCapacity),
        preQueue: normalizeDuration(sale.preQueue) ?? sale.preQueue,
        releaseRate: String(sale.releaseRate),
        maxActiveShoppers: String(sale.maxActiveShoppers),
        purchaseWindow: normalizeDuration(sale.purchaseWindow) ?? sale.purchaseWindow,
        challengeDifficulty: String(sale.challengeDifficulty),
    };
}

/**
 * The settings that differ from the sale's: what a PATCH sends. Times compare to the second (the form has no more),
 * durations by meaning ("1.00:00:00" is "24:00:00").
 */
export function changedSettings(sale: AdminSaleView, settings: SaleSettings): SaleSettings {
    const changes: SaleSettings = {};
    if (settings.productName !== undefined && settings.productName !== sale.productName) {
        changes.productName = settings.productName;
    }
    if (settings.price !== undefined && settings.price !== sale.price) {
        changes.price = settings.price;
    }
    if (settings.currency !== undefined && settings.currency !== sale.currency) {
        changes.currency = settings.currency;
    }
    if (settings.stock !== undefined && settings.stock !== sale.stockTotal) {
        changes.stock = settings.stock;
    }
    if (settings.opensAt !== undefined && toSecond(settings.opensAt) !== toSecond(sale.opensAt)) {
        changes.opensAt = settings.opensAt;
    }
    for (const field of durationFields) {
        const value = settings[field];
        if (value !== undefined && normalizeDuration(value) !== normalizeDuration(sale[field])) {
            changes[field] = value;
        }
    }
    if (settings.queueCapacity !== undefined && settings.queueCapacity !== sale.queueCapacity) {
        changes.queueCapacity = settings.queueCapacity;
    }
    for (const field of ["releaseRate", "maxActiveShoppers", "challengeDifficulty"] as const) {
        const value = settings[field];
        if (value !== undefined && value !== sale[field]) {
            changes[field] = value;
        }
    }
    return changes;
}

/** Each change as a line of the confirmation step: "Units for sale: 2 → 5". */
export function describeChanges(sale: AdminSaleView, changes: SaleSettings): string[] {
    const label = (field: SaleField) => saleFields.find((spec) => spec.name === field)?.label ?? field;
    const lines: string[] = [];
    const line = (field: SaleField, before: string, after: string) => lines.push(`${label(field)}: ${before} → ${after}`);
    if (changes.productName !== undefined) line("productName", sale.productName, changes.productName);
    if (changes.price !== undefined) line("price", money(sale.price, sale.currency), money(changes.price, changes.currency ?? sale.currency));
    if (changes.currency !== undefined) line("currency", sale.currency, changes.currency);
    if (changes.stock !== undefined) line("stock", String(sale.stockTotal), String(changes.stock));
    if (changes.opensAt !== undefined) line("opensAt", dateTime(sale.opensAt), dateTime(changes.opensAt));
    if (changes.duration !== undefined) line("duration", normalizeDuration(sale.duration) ?? sale.duration, changes.duration);
    if (changes.queueCapacity !== undefined) line("queueCapacity", capacity(sale.queueCapacity), capacity(changes.queueCapacity));
    if (changes.releaseRate !== undefined) line("releaseRate", releasePace(sale.releaseRate), releasePace(changes.releaseRate));
    if (changes.maxActiveShoppers !== undefined) line("maxActiveShoppers", capacity(sale.maxActiveShoppers), capacity(changes.maxActiveShoppers));
    if (changes.purchaseWindow !== undefined) line("purchaseWindow", durationWords(sale.purchaseWindow), durationWords(changes.purchaseWindow));
    if (changes.preQueue !== undefined) line("preQueue", preQueueWords(sale.preQueue), preQueueWords(changes.preQueue));
    if (changes.challengeDifficulty !== undefined) line("challengeDifficulty", botCheck(sale.challengeDifficulty), botCheck(changes.challengeDifficulty));
    return lines;
}

function capacity(value: number): string {
    return value === 0 ? "no limit" : String(value);
}

/** "as fast as the queue moves", "1 a minute", "30 a minute". */
export function releasePace(perMinute: number): string {
    return perMinute === 0 ? "as fast as the queue moves" : `${perMinute} a minute`;
}

/** A duration as the form writes it ("00:05:00"), as it came if it is none. */
function durationWords(duration: string): string {
    return normalizeDuration(duration) ?? duration;
}

/** "none" for a zero pre-queue, else its duration. */
export function preQueueWords(duration: string): string {
    const normal = normalizeDuration(duration);
    return normal === "00:00:00" ? "none" : (normal ?? duration);
}

/** "off" for 0, else "difficulty N". */
export function botCheck(difficulty: number): string {
    return difficulty === 0 ? "off" : `difficulty ${difficulty}`;
}

/**
 * The waiting-room settings of a sale as the operator's card shows them, with the figure the limit drives: how many are
 * buying (out of the most allowed at once; the card's live figures also show who waits), the pace, the time to buy,
 * the pre-queue and the bot check.
 */
export function waitingRoomFacts(sale: AdminSaleView): { key: string; label: string; value: string }[] {
    const { figures } = sale;
    const buying = sale.maxActiveShoppers === 0
        ? `${figures.activePurchaseTokens} (no limit)`
        : `${figures.activePurchaseTokens} of ${sale.maxActiveShoppers} at most`;
    return [
        { key: "buyingNow", label: "Buying now", value: buying },
        { key: "releaseRate", label: "Release pace", value: releasePace(sale.releaseRate) },
        { key: "purchaseWindow", label: "Time to buy", value: durationWords(sale.purchaseWindow) },
        { key: "preQueue", label: "Pre-queue", value: preQueueWords(sale.preQueue) },
        { key: "challengeDifficulty", label: "Bot check", value: botCheck(sale.challengeDifficulty) },
    ];
}

function toSecond(iso: string): number {
    return Math.floor(Date.parse(iso) / 1000);
}

/**
 * A validation refusal's messages, split into those of the form's fields (shown next to them) and the others (the
 * body, a field the form does not have), shown above the form.
 */
export function splitFieldErrors(problem: ApiProblem): { fields: FieldErrors; other: string[] } {
    const fields: FieldErrors = {};
    const other: string[] = [];
    for (const [key, messages] of Object.entries(problem.errors ?? {})) {
        const field = saleFields.find((spec) => spec.name === key)?.name;
        if (field) {
            fields[field] = [...(fields[field] ?? []), ...messages];
        } else {
            other.push(...messages);
        }
    }
    return { fields, other };
}
