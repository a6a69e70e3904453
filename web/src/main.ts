// The waiting room: log in, see the sale, join the queue, wait for your turn at the pace the server asks for, buy,
// see the order. Every call goes through the generated client (FlashPurchaseApi); every refusal becomes a sentence.
import {
    FlashPurchaseApi,
    type OrderView,
    type Refused,
    type SaleView,
} from "../../clients/typescript/src/index.js";
import { about, clock, dateTime, money } from "./format.js";
import { isTransient, problemSentences, sentenceFor, unreachableSentence } from "./problems.js";
import { isStoreKey, msLeft, store, type StoredSession } from "./store.js";

/** The server's Retry-After is honoured, within these bounds: never a tight loop, never a forgotten page. */
const MIN_POLL_SECONDS = 1;
const MAX_POLL_SECONDS = 300;

type Phase =
    | { name: "loading" }
    | { name: "anonymous" }
    | { name: "idle" } // logged in, holding no place
    | { name: "joining" }
    // number: the place the shopper got on joining (1-based, for good); ahead: how many queue tokens the worker has
    // still to convert before this one, from the last 202 (0: next); nextCheckSeconds: that answer's Retry-After.
    | { name: "waiting"; queueToken: string; number?: number; ahead?: number; nextCheckSeconds?: number }
    | { name: "ready"; purchaseToken: string; expiresAt: string }
    | { name: "buying"; purchaseToken: string; expiresAt: string }
    | { name: "done"; order: OrderView; message?: string };

const api = new FlashPurchaseApi("", { accessToken: () => store.session()?.accessToken });

let sale: SaleView | undefined;
let phase: Phase = { name: "loading" };
/** A plain sentence shown with the queue state: the last refusal, or a retry under way. */
let note: string | undefined;
/** Bumped at every change of phase, so an answer that arrives for an older phase is ignored. */
let epoch = 0;
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let polling = false;
let pollFailures = 0;
let saleTimer: ReturnType<typeof setTimeout> | undefined;
let saleRefreshing = false;
let lastSaleRefresh = 0;

// --- the page's elements -----------------------------------------------------------------------------------------

function element<T extends HTMLElement = HTMLElement>(id: string): T {
    const found = document.getElementById(id);
    if (!found) {
        throw new Error(`The page has no #${id}.`);
    }
    return found as T;
}

const ui = {
    accountBar: element("account-bar"),
    accountName: element("account-name"),
    logOut: element<HTMLButtonElement>("log-out"),
    saleProduct: element("sale-product"),
    salePrice: element("sale-price"),
    saleStock: element("sale-stock"),
    saleOpensLabel: element("sale-opens-label"),
    saleOpens: element("sale-opens"),
    saleStatus: element("sale-status"),
    countdown: element("countdown"),
    countdownValue: element("countdown-value"),
    saleMessage: element("sale-message"),
    account: element("account"),
    accountForm: element<HTMLFormElement>("account-form"),
    username: element<HTMLInputElement>("username"),
    password: element<HTMLInputElement>("password"),
    logIn: element<HTMLButtonElement>("log-in"),
    register: element<HTMLButtonElement>("register"),
    accountMessage: element("account-message"),
    queue: element("queue"),
    queueHeading: element("queue-heading"),
    queueMessage: element("queue-message"),
    joinRow: element("join-row"),
    join: element<HTMLButtonElement>("join"),
    buyPanel: element("buy-panel"),
    tokenLeft: element("token-left"),
    buy: element<HTMLButtonElement>("buy"),
    confirmation: element("confirmation"),
    confirmationHeading: element("confirmation-heading"),
    confirmationMessage: element("confirmation-message"),
    orderProduct: element("order-product"),
    orderPrice: element("order-price"),
    orderPlaced: element("order-placed"),
    orderId: element("order-id"),
};

function show(target: HTMLElement, visible: boolean): void {
    target.hidden = !visible;
}

function setText(target: HTMLElement, text: string): void {
    if (target.textContent !== text) {
        target.textContent = text;
    }
}

function setMessage(target: HTMLElement, text: string | undefined): void {
    setText(target, text ?? "");
    show(target, text !== undefined);
}

// --- rendering ---------------------------------------------------------------------------------------------------

const statusWords: Record<string, string> = {
    scheduled: "Opens soon",
    open: "Open",
    sold_out: "Sold out",
    closed: "Closed",
};

function renderSale(): void {
    if (!sale) {
        return;
    }
    setText(ui.saleProduct, sale.productName);
    setText(ui.salePrice, money(sale.price, sale.currency));
    setText(ui.saleStock, `${sale.stockRemaining} of ${sale.stockTotal}`);
    setText(ui.saleOpensLabel, msLeft(sale.opensAt) > 0 ? "Opens" : "Opened");
    setText(ui.saleOpens, dateTime(sale.opensAt));
    setText(ui.saleStatus, statusWords[sale.status] ?? sale.status);
    ui.saleStatus.dataset.status = sale.status;
    renderCountdown();
}

function renderCountdown(): void {
    const waiting = sale?.status === "scheduled";
    show(ui.countdown, waiting);
    if (sale && waiting) {
        const left = msLeft(sale.opensAt);
        setText(ui.countdownValue, left > 0 ? clock(left) : "opening…");
    }
}

/** Where the shopper stands, in words: what the live region says. */
function queueLines(): string[] {
    switch (phase.name) {
        case "idle": {
            if (note) {
                return [note];
            }
            switch (sale?.status) {
                case "scheduled":
                    return ["The queue opens when the countdown ends. The button below works from then on."];
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
            return ["Joining the queue…"];
        case "waiting": {
            const lines: string[] = [];
            lines.push(phase.number !== undefined ? `You are number ${phase.number} in the queue.` : "You are in the queue.");
            if (phase.ahead !== undefined) {
                lines.push(
                    phase.ahead <= 0
                        ? "You are next."
                        : phase.ahead === 1
                          ? "1 shopper is ahead of you."
                          : `${phase.ahead} shoppers are ahead of you.`,
                );
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
            return note ? ["It is your turn.", note] : ["It is your turn! Buy now, before your purchase token runs out."];
        case "buying":
            return ["Placing your order…"];
        default:
            return [];
    }
}

function renderQueueMessage(): void {
    const lines = queueLines();
    const current = Array.from(ui.queueMessage.children, (child) => child.textContent ?? "");
    if (current.length === lines.length && current.every((line, index) => line === lines[index])) {
        return; // unchanged: no new announcement
    }
    ui.queueMessage.replaceChildren(
        ...lines.map((line) => {
            const paragraph = document.createElement("p");
            paragraph.textContent = line;
            return paragraph;
        }),
    );
}

function renderTokenLeft(): void {
    if (phase.name === "ready" || phase.name === "buying") {
        setText(ui.tokenLeft, clock(msLeft(phase.expiresAt)));
    }
}

function render(): void {
    document.body.dataset.phase = phase.name; // for styling and the browser tests
    renderSale();
    const session = store.session();
    show(ui.accountBar, session !== undefined && phase.name !== "loading");
    setText(ui.accountName, session?.username ?? "");
    show(ui.account, phase.name === "anonymous");

    const inQueueSection = ["idle", "joining", "waiting", "ready", "buying"].includes(phase.name);
    show(ui.queue, inQueueSection);
    show(ui.joinRow, phase.name === "idle" || phase.name === "joining");
    ui.join.disabled = !(phase.name === "idle" && saleIsOpen());
    show(ui.buyPanel, phase.name === "ready" || phase.name === "buying");
    ui.buy.disabled = phase.name === "buying";
    ui.queue.setAttribute("aria-busy", String(phase.name === "joining" || phase.name === "buying"));
    renderQueueMessage();
    renderTokenLeft();

    show(ui.confirmation, phase.name === "done");
    if (phase.name === "done") {
        const { order, message } = phase;
        setText(ui.confirmationMessage, message ?? "Your order is placed.");
        setText(ui.orderProduct, order.productName);
        setText(ui.orderPrice, money(order.price, order.currency));
        setText(ui.orderPlaced, dateTime(order.placedAt));
        setText(ui.orderId, order.orderId);
    }
}

function saleIsOpen(): boolean {
    return sale?.status === "open" && msLeft(sale.opensAt) === 0 && msLeft(sale.closesAt) > 0;
}

// --- phases ------------------------------------------------------------------------------------------------------

function enter(next: Phase, message?: string): void {
    epoch++;
    clearTimeout(pollTimer);
    pollTimer = undefined;
    pollFailures = 0;
    const hadFocus = [ui.queue, ui.confirmation].some((section) => section.contains(document.activeElement));
    phase = next;
    note = message;
    render();
    if (hadFocus) {
        keepFocus();
    }
    if (next.name === "waiting") {
        void poll();
    }
}

/**
 * Works out where the shopper stands from what this browser holds (so a reload or a second tab keeps the same
 * place): an order, a purchase token, a queue token, or nothing yet. `askServer` also looks for an order placed
 * elsewhere (another browser).
 */
async function resume(askServer: boolean): Promise<void> {
    const session = store.session();
    if (!session) {
        if (phase.name !== "anonymous") {
            enter({ name: "anonymous" });
        }
        return;
    }
    const saleId = sale?.saleId;
    const order = saleId ? store.order(session.username, saleId) : undefined;
    const purchase = saleId ? store.purchaseToken(session.username, saleId) : undefined;
    const queue = saleId ? store.queueToken(session.username, saleId) : undefined;

    if (order) {
        if (phase.name !== "done" || phase.order.orderId !== order.order.orderId) {
            enter({ name: "done", order: order.order, message: order.message });
        }
        return;
    }
    if (purchase) {
        if ((phase.name !== "ready" && phase.name !== "buying") || phase.purchaseToken !== purchase.purchaseToken) {
            enter({ name: "ready", purchaseToken: purchase.purchaseToken, expiresAt: purchase.expiresAt });
            focusIfLost(ui.buy);
        }
        return;
    }
    if (queue) {
        if (phase.name !== "waiting" || phase.queueToken !== queue.queueToken) {
            enter({ name: "waiting", queueToken: queue.queueToken, number: queue.position });
        }
        return;
    }
    if (phase.name !== "idle" && phase.name !== "joining") {
        enter({ name: "idle" });
    }
    if (askServer && saleId) {
        await findOrder(session, saleId);
    }
}

/** An order this shopper already has for this sale (bought in another browser, say) is shown as such. */
async function findOrder(session: StoredSession, saleId: string): Promise<boolean> {
    const before = epoch;
    try {
        const mine = await api.myOrders();
        if (mine.kind !== "ok") {
            if (mine.problem.code === "unauthorized") {
                logOut(sentenceFor(mine.problem));
            }
            return false;
        }
        const order = mine.value.find((candidate) => candidate.saleId === saleId);
        if (!order) {
            return false;
        }
        store.setOrder({ username: session.username, order });
        store.clearPurchase();
        if (epoch === before || phase.name === "idle") {
            enter({ name: "done", order });
        }
        return true;
    } catch {
        return false; // not worth a message: the shopper can still join, and the server refuses a second purchase
    }
}

/** The control the shopper was on may have gone (Join once joined, Buy once refused): keep the keyboard nearby. */
function keepFocus(): void {
    switch (phase.name) {
        case "ready":
            focusIfLost(ui.buy);
            break;
        case "done":
            focusIfLost(ui.confirmationHeading);
            break;
        case "idle":
            focusIfLost(ui.join.disabled ? ui.queueHeading : ui.join);
            break;
        case "joining":
        case "waiting":
        case "buying":
            focusIfLost(ui.queueHeading);
            break;
        default:
            break;
    }
}

function focusIfLost(preferred: HTMLElement): void {
    const active = document.activeElement;
    // The queue heading only ever has the focus because the page parked it there (it is not in the tab order).
    const parked = active === ui.queueHeading && preferred !== ui.queueHeading;
    if (!active || active === document.body || parked || (active instanceof HTMLElement && active.closest("[hidden]"))) {
        preferred.focus();
    }
}

function logOut(message?: string): void {
    store.clearAll();
    enter({ name: "anonymous" });
    setMessage(ui.accountMessage, message);
}

// --- the sale ----------------------------------------------------------------------------------------------------

async function refreshSale(): Promise<void> {
    if (saleRefreshing) {
        return;
    }
    saleRefreshing = true;
    lastSaleRefresh = Date.now();
    clearTimeout(saleTimer);
    try {
        const outcome = await api.currentSale();
        if (outcome.kind === "ok") {
            sale = outcome.value;
            setMessage(ui.saleMessage, undefined);
        } else {
            sale = undefined;
            setText(ui.saleProduct, "No sale right now");
            setMessage(ui.saleMessage, sentenceFor(outcome.problem));
            saleTimer = setTimeout(() => void refreshSale(), 30_000);
        }
    } catch {
        setMessage(ui.saleMessage, unreachableSentence);
        saleTimer = setTimeout(() => void refreshSale(), 10_000);
    } finally {
        saleRefreshing = false;
    }
    render();
}

/** Once a second: the countdowns on screen. Asks the server for the sale only when one of them runs out. */
function tick(): void {
    renderCountdown();
    renderTokenLeft();
    if (sale && !saleRefreshing && Date.now() - lastSaleRefresh >= 2_000) {
        const opening = sale.status === "scheduled" && msLeft(sale.opensAt) === 0;
        const closing = sale.status === "open" && msLeft(sale.closesAt) === 0;
        if (opening || closing) {
            void refreshSale();
        }
    }
    if (phase.name === "ready" && msLeft(phase.expiresAt) === 0) {
        store.clearPurchase();
        enter({ name: "idle" }, problemSentences.token_expired);
    }
    if (phase.name === "idle" && ui.join.disabled === saleIsOpen()) {
        render();
    }
}

// --- the three steps ---------------------------------------------------------------------------------------------

async function join(): Promise<void> {
    const session = store.session();
    if (!session || phase.name !== "idle") {
        return;
    }
    enter({ name: "joining" });
    const mine = epoch;
    try {
        const outcome = await api.enterQueue();
        if (mine !== epoch) {
            return;
        }
        if (outcome.kind === "ok") {
            const ticket = outcome.value;
            store.setQueueToken({
                username: session.username,
                saleId: ticket.saleId,
                queueToken: ticket.queueToken,
                expiresAt: ticket.expiresAt,
                position: ticket.position,
            });
            enter({ name: "waiting", queueToken: ticket.queueToken, number: ticket.position });
        } else {
            refused(outcome);
        }
    } catch {
        if (mine === epoch) {
            enter({ name: "idle" }, unreachableSentence);
        }
    }
    keepFocus();
}

/** One exchange call; the next one is scheduled at the pace of the server's Retry-After. */
async function poll(): Promise<void> {
    if (phase.name !== "waiting" || polling) {
        return;
    }
    const current = phase;
    const mine = epoch;
    polling = true;
    try {
        const outcome = await api.exchange(current.queueToken);
        if (mine !== epoch) {
            return;
        }
        pollFailures = 0;
        switch (outcome.kind) {
            case "pending": {
                const seconds = clampPoll(outcome.retryAfterSeconds);
                note = undefined;
                current.ahead = outcome.value.position;
                current.nextCheckSeconds = seconds;
                render();
                schedulePoll(seconds);
                break;
            }
            case "purchaseToken": {
                const session = store.session();
                if (session && sale) {
                    store.setPurchaseToken({
                        username: session.username,
                        saleId: sale.saleId,
                        purchaseToken: outcome.value.purchaseToken,
                        expiresAt: outcome.value.expiresAt,
                    });
                }
                enter({ name: "ready", purchaseToken: outcome.value.purchaseToken, expiresAt: outcome.value.expiresAt });
                focusIfLost(ui.buy);
                break;
            }
            case "problem":
                refused(outcome);
                break;
        }
    } catch {
        if (mine === epoch) {
            // The network, or an answer that is none of the API's documents: back off, 2 s, 4 s... up to 30 s.
            pollFailures++;
            const seconds = Math.min(30, 2 ** pollFailures);
            note = `${unreachableSentence} Trying again in ${about(seconds)}.`;
            render();
            schedulePoll(seconds);
        }
    } finally {
        polling = false;
    }
}

function clampPoll(seconds: number | undefined): number {
    const value = Number.isFinite(seconds) ? (seconds as number) : MIN_POLL_SECONDS;
    return Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, value));
}

function schedulePoll(seconds: number): void {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void poll(), clampPoll(seconds) * 1000);
}

async function buy(): Promise<void> {
    const session = store.session();
    if (!session || phase.name !== "ready") {
        return;
    }
    const { purchaseToken, expiresAt } = phase;
    enter({ name: "buying", purchaseToken, expiresAt });
    const mine = epoch;
    try {
        const outcome = await api.purchase(purchaseToken);
        if (mine !== epoch) {
            return;
        }
        if (outcome.kind === "placed" || outcome.kind === "alreadyPlaced") {
            const order = outcome.value;
            store.setOrder({ username: session.username, order, message: order.message });
            store.clearPurchase();
            enter({ name: "done", order, message: order.message });
            ui.confirmationHeading.focus();
            void refreshSale();
        } else {
            refused(outcome);
        }
    } catch {
        if (mine === epoch) {
            enter({ name: "ready", purchaseToken, expiresAt }, unreachableSentence);
        }
    }
    keepFocus();
}

/** A refusal of any of the three steps: the sentence, and what the shopper can do next. */
function refused(outcome: Refused): void {
    const { problem } = outcome;
    const sentence = sentenceFor(problem);
    const session = store.session();
    switch (problem.code) {
        case "unauthorized":
            logOut(sentence);
            return;
        case "already_purchased":
            store.clearPurchase();
            enter({ name: "idle" }, sentence);
            if (session && sale) {
                void findOrder(session, sale.saleId);
            }
            return;
        case "sold_out":
        case "sale_closed":
        case "sale_not_open":
            store.clearPurchase();
            enter({ name: "idle" }, sentence);
            void refreshSale();
            return;
        case "token_expired":
        case "invalid_token":
        case "token_not_yours":
            store.clearPurchase();
            enter({ name: "idle" }, sentence);
            return;
        default:
            break;
    }
    if (phase.name === "waiting" && isTransient(problem.code)) {
        // Keep the place and ask again when the server says (or in a few seconds).
        pollFailures++;
        const seconds = clampPoll(outcome.retryAfterSeconds ?? Math.min(30, 2 ** pollFailures));
        note = `${sentence} Trying again in ${about(seconds)}.`;
        render();
        schedulePoll(seconds);
        return;
    }
    if (phase.name === "buying") {
        enter({ name: "ready", purchaseToken: phase.purchaseToken, expiresAt: phase.expiresAt }, sentence);
        return;
    }
    if (phase.name === "waiting") {
        store.clearPurchase();
    }
    enter({ name: "idle" }, sentence);
}

// --- logging in --------------------------------------------------------------------------------------------------

async function submitAccount(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const creating = event.submitter === ui.register;
    const name = ui.username.value.trim();
    const password = ui.password.value;
    if (name === "" || password === "") {
        setMessage(ui.accountMessage, "Please enter a username and a password.");
        (name === "" ? ui.username : ui.password).focus();
        return;
    }
    ui.logIn.disabled = ui.register.disabled = true;
    ui.accountForm.setAttribute("aria-busy", "true");
    setMessage(ui.accountMessage, undefined);
    try {
        if (creating) {
            const registered = await api.register(name, password);
            if (registered.kind === "problem") {
                setMessage(ui.accountMessage, sentenceFor(registered.problem));
                return;
            }
        }
        const token = await api.logIn(name, password);
        if (token.kind === "problem") {
            setMessage(ui.accountMessage, sentenceFor(token.problem));
            return;
        }
        const session = { username: name, accessToken: token.value.accessToken, expiresAt: token.value.expiresAt };
        store.setSession(session);
        ui.password.value = "";
        await resume(false); // from what this browser holds: no request, so the focus moves in the same render
        keepFocus();
        if (sale && phase.name === "idle") {
            void findOrder(session, sale.saleId); // bought in another browser? then the confirmation replaces Join
        }
    } catch {
        setMessage(ui.accountMessage, unreachableSentence);
    } finally {
        ui.logIn.disabled = ui.register.disabled = false;
        ui.accountForm.removeAttribute("aria-busy");
    }
}

// --- start -------------------------------------------------------------------------------------------------------

async function start(): Promise<void> {
    ui.accountForm.addEventListener("submit", (event) => void submitAccount(event as SubmitEvent));
    ui.join.addEventListener("click", () => void join());
    ui.buy.addEventListener("click", () => void buy());
    ui.logOut.addEventListener("click", () => {
        logOut();
        ui.username.focus();
    });
    // Another tab of this browser joined, got its turn, bought or logged out: follow it.
    window.addEventListener("storage", (event) => {
        if (event.key === null || isStoreKey(event.key)) {
            void resume(false);
        }
    });
    setInterval(tick, 500);

    await refreshSale();
    await resume(true);
    document.body.dataset.ready = "true"; // for the browser tests: the first render is done
}

void start();
