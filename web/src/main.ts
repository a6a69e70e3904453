// The waiting room: log in, pick a sale, join its queue, wait for your turn at the pace the server asks for, buy, see
// the order. Every call goes through the generated client (FlashPurchaseApi); every refusal becomes a sentence.
// This file is the DOM and the I/O: the phases are core/phases.ts (a reducer), the timing core/schedule.ts, the choice
// of sale core/sale-picker.ts.
import { FlashPurchaseApi, solveChallenge, type Outcome, type QueueTicket, type Refused, type SaleView } from "../../clients/typescript/src/index.js";
import type { SolveMessage, SolveRequest } from "./challenge-worker.js";
import {
    canLeave,
    initialState,
    numberToLearn,
    queueLines,
    reduce,
    timeLeftToBuy,
    type Effect,
    type WaitingRoomEvent,
    type WaitingRoomState,
} from "./core/phases.js";
import { offeredSales, pickSale } from "./core/sale-picker.js";
import {
    anySaleRefreshDue,
    msLeft,
    NO_SALE_RETRY_MS,
    pollDelayMs,
    joiningStatus,
    saleIsJoinable,
    TICK_MS,
    UNREACHABLE_SALE_RETRY_MS,
} from "./core/schedule.js";
import { element, make, setMessage, setText, show } from "./dom.js";
import { clock, dateTime, money, saleStatusWord } from "./format.js";
import { sentenceFor, unreachableSentence } from "./problems.js";
import { isStoreKey, keys, store, type StoredSession } from "./store.js";

const api = new FlashPurchaseApi("", { accessToken: () => store.session()?.accessToken });

/** Where the shopper stands: changed only by `dispatch`, through the reducer. */
let state: WaitingRoomState = initialState;
/** The sale shown, as last read from the server. */
let sale: SaleView | undefined;
/** The sales the shopper may pick from, as last listed (soonest to open first). */
let sales: SaleView[] = [];
/** What is in flight or planned: the next check of the queue token, the next join (after a pause), the next read of the sales. */
const io = {
    pollTimer: undefined as ReturnType<typeof setTimeout> | undefined,
    polling: false,
    joinTimer: undefined as ReturnType<typeof setTimeout> | undefined,
    saleTimer: undefined as ReturnType<typeof setTimeout> | undefined,
    saleRefreshing: false,
    lastSaleRefresh: 0,
};

// --- the page's elements -----------------------------------------------------------------------------------------

const ui = {
    accountBar: element("account-bar"),
    accountName: element("account-name"),
    logOut: element<HTMLButtonElement>("log-out"),
    picker: element("sales"),
    pickerList: element("sales-list"),
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
    leaveRow: element("leave-row"),
    leave: element<HTMLButtonElement>("leave"),
    confirmation: element("confirmation"),
    confirmationHeading: element("confirmation-heading"),
    confirmationMessage: element("confirmation-message"),
    orderProduct: element("order-product"),
    orderPrice: element("order-price"),
    orderPlaced: element("order-placed"),
    orderId: element("order-id"),
};

// --- rendering ---------------------------------------------------------------------------------------------------

function renderSale(): void {
    if (!sale) {
        return;
    }
    setText(ui.saleProduct, sale.productName);
    setText(ui.salePrice, money(sale.price, sale.currency));
    setText(ui.saleStock, `${sale.stockRemaining} of ${sale.stockTotal}`);
    setText(ui.saleOpensLabel, msLeft(sale.opensAt) > 0 ? "Opens" : "Opened");
    setText(ui.saleOpens, dateTime(sale.opensAt));
    setText(ui.saleStatus, saleStatusWord(sale.status, sale.paused));
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

/**
 * The sales to pick from, one button each (pressed: the one shown); only when there is a choice. Updated in place
 * while the list keeps its order, so the button with the keyboard focus stays. Locked while a join or a purchase is
 * under way: its answer belongs to the sale shown.
 */
function renderPicker(): void {
    show(ui.picker, sales.length > 1);
    const buttons = Array.from(ui.pickerList.querySelectorAll<HTMLButtonElement>("button[data-sale-id]"));
    const sameOrder = buttons.length === sales.length && buttons.every((button, index) => button.dataset.saleId === sales[index].saleId);
    if (!sameOrder) {
        const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.saleId;
        ui.pickerList.replaceChildren(
            ...sales.map((listed) => {
                const item = make("li");
                const button = make("button", "sale-choice");
                button.type = "button";
                button.dataset.saleId = listed.saleId;
                button.append(make("span", "choice-name"), make("span", "choice-detail"));
                button.addEventListener("click", () => choose(listed.saleId));
                item.append(button);
                return item;
            }),
        );
        ui.pickerList.querySelector<HTMLButtonElement>(`button[data-sale-id="${focusedId}"]`)?.focus();
    }
    const busy = state.phase.name === "joining" || state.phase.name === "buying" || state.phase.name === "leaving";
    ui.pickerList.querySelectorAll<HTMLButtonElement>("button[data-sale-id]").forEach((button, index) => {
        const listed = sales[index];
        const when = listed.status === "scheduled" ? `Opens ${dateTime(listed.opensAt)}` : saleStatusWord(listed.status, listed.paused);
        setText(button.children[0], listed.productName);
        setText(button.children[1], `${when} · ${money(listed.price, listed.currency)}`);
        button.setAttribute("aria-pressed", String(listed.saleId === sale?.saleId));
        button.disabled = busy;
    });
}

function renderQueueMessage(): void {
    const lines = queueLines(state, joiningStatus(sale), sale ? Date.parse(sale.opensAt) - Date.now() : undefined);
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
    const { phase } = state;
    if (phase.name === "ready" || phase.name === "buying") {
        const left = timeLeftToBuy(phase.expiresAt, Date.now());
        setText(ui.tokenLeft, clock(left.ms));
        ui.buyPanel.dataset.urgent = String(left.urgent);
    }
}

function render(): void {
    const { phase } = state;
    document.body.dataset.phase = phase.name; // for styling and the browser tests
    renderPicker();
    renderSale();
    const session = store.session();
    show(ui.accountBar, session !== undefined && phase.name !== "loading");
    setText(ui.accountName, session?.username ?? "");
    show(ui.account, phase.name === "anonymous");

    const inQueueSection = ["idle", "joining", "paused", "waiting", "ready", "buying", "leaving"].includes(phase.name);
    show(ui.queue, inQueueSection);
    // Paused: the button stays in view, disabled, since the page joins again by itself.
    show(ui.joinRow, phase.name === "idle" || phase.name === "joining" || phase.name === "paused");
    ui.join.disabled = !(phase.name === "idle" && saleIsJoinable(sale));
    show(ui.buyPanel, phase.name === "ready" || phase.name === "buying");
    ui.buy.disabled = phase.name === "buying";
    // While a place is held; in view but disabled while buying or leaving, so the layout does not jump.
    show(ui.leaveRow, canLeave(phase) || phase.name === "buying" || phase.name === "leaving");
    ui.leave.disabled = !canLeave(phase);
    ui.queue.setAttribute("aria-busy", String(phase.name === "joining" || phase.name === "buying" || phase.name === "leaving"));
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

// --- phases ------------------------------------------------------------------------------------------------------

/**
 * Feeds one event to the phase machine: forgets the stored tokens it says to, renders the new state (keeping the
 * keyboard focus nearby when the phase changed under it), then carries out the other effects. A change of phase
 * cancels the planned check of the queue token. Returns whether the phase changed.
 */
function dispatch(event: WaitingRoomEvent): boolean {
    const { state: next, effects } = reduce(state, event);
    if (next === state && effects.length === 0) {
        return false;
    }
    const entered = next.epoch !== state.epoch;
    let hadFocus = false;
    if (entered) {
        clearTimeout(io.pollTimer);
        io.pollTimer = undefined;
        clearTimeout(io.joinTimer);
        io.joinTimer = undefined;
        hadFocus = [ui.queue, ui.confirmation].some((section) => section.contains(document.activeElement));
    }
    for (const effect of effects) {
        if (effect.kind === "forgetPurchase") {
            store.clearPurchase();
        } else if (effect.kind === "forgetAll") {
            store.clearAll();
        }
    }
    state = next;
    render();
    if (hadFocus) {
        keepFocus();
    }
    for (const effect of effects) {
        carryOut(effect);
    }
    return entered;
}

function carryOut(effect: Effect): void {
    switch (effect.kind) {
        case "accountMessage":
            setMessage(ui.accountMessage, effect.text);
            break;
        case "pollNow":
            void poll();
            break;
        case "pollLater":
            schedulePoll(effect.seconds);
            break;
        case "joinLater":
            clearTimeout(io.joinTimer);
            io.joinTimer = setTimeout(() => void join(), pollDelayMs(effect.seconds));
            break;
        case "findOrder": {
            const session = store.session();
            if (session && sale) {
                void findOrder(session, sale.saleId);
            }
            break;
        }
        case "refreshSale":
            void refreshSale();
            break;
        case "forgetPurchase":
        case "forgetAll":
            break; // done before the render
    }
}

/**
 * Works out where the shopper stands from what this browser holds (so a reload or a second tab keeps the same
 * place): an order, a purchase token, a queue token, or nothing yet. `askServer` also looks for an order placed
 * elsewhere (another browser).
 */
async function resume(askServer: boolean): Promise<void> {
    const session = store.session();
    const saleId = sale?.saleId;
    const held = session && {
        order: saleId ? store.order(session.username, saleId) : undefined,
        purchase: saleId ? store.purchaseToken(session.username, saleId) : undefined,
        queue: saleId ? store.queueToken(session.username, saleId) : undefined,
    };
    const entered = dispatch({ type: "restored", held });
    if (!session || !held) {
        return;
    }
    if (held.purchase && entered) {
        focusIfLost(ui.buy);
    }
    if (!held.order && !held.purchase && !held.queue && askServer && saleId) {
        await findOrder(session, saleId);
    }
}

/** An order this shopper already has for this sale (bought in another browser, say) is shown as such. */
async function findOrder(session: StoredSession, saleId: string): Promise<boolean> {
    const askedInEpoch = state.epoch;
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
        dispatch({ type: "orderFound", order, askedInEpoch });
        return true;
    } catch {
        return false; // not worth a message: the shopper can still join, and the server refuses a second purchase
    }
}

/** The control the shopper was on may have gone (Join once joined, Buy once refused): keep the keyboard nearby. */
function keepFocus(): void {
    switch (state.phase.name) {
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
        case "paused":
        case "waiting":
        case "buying":
        case "leaving":
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
    dispatch({ type: "loggedOut", message });
}

// --- the sales ----------------------------------------------------------------------------------------------------

/**
 * Reads the sales and shows the picked one (core/sale-picker.ts). When none is listed, shows the one /current falls
 * back to (the last closed sale), as the page did before there were several. A sale that changes under a logged-in
 * shopper brings its own place, tokens and order (resume).
 */
async function refreshSale(): Promise<void> {
    if (io.saleRefreshing) {
        return;
    }
    io.saleRefreshing = true;
    io.lastSaleRefresh = Date.now();
    clearTimeout(io.saleTimer);
    let next: SaleView | undefined = sale;
    try {
        const listed = await api.listSales();
        sales = listed.kind === "ok" ? offeredSales(listed.value) : [];
        if (sales.length > 0) {
            next = pickSale(sales, store.pickedSale());
            setMessage(ui.saleMessage, undefined);
        } else {
            const current = await api.currentSale();
            if (current.kind === "ok") {
                next = current.value;
                setMessage(ui.saleMessage, undefined);
            } else {
                next = undefined;
                setText(ui.saleProduct, "No sale right now");
                setMessage(ui.saleMessage, sentenceFor(current.problem));
                io.saleTimer = setTimeout(() => void refreshSale(), NO_SALE_RETRY_MS);
            }
        }
    } catch {
        setMessage(ui.saleMessage, unreachableSentence);
        io.saleTimer = setTimeout(() => void refreshSale(), UNREACHABLE_SALE_RETRY_MS);
    } finally {
        io.saleRefreshing = false;
    }
    showSale(next);
}

/** The shopper picked a sale (a button of the picker, or another tab's choice). */
function choose(saleId: string | undefined): void {
    const phase = state.phase.name;
    if (phase === "joining" || phase === "buying" || phase === "leaving") {
        return; // the answer under way belongs to the sale shown (the buttons are disabled meanwhile)
    }
    store.setPickedSale(saleId);
    showSale(pickSale(sales, saleId) ?? sale);
}

function showSale(next: SaleView | undefined): void {
    const changed = next?.saleId !== sale?.saleId;
    sale = next;
    render();
    if (changed && state.phase.name !== "loading") {
        void resume(true); // at start-up, start() does it once the first sale is known
    }
}

/** Every TICK_MS: the countdowns on screen. Asks the server for the sale only when one of them runs out. */
function tick(): void {
    renderCountdown();
    renderTokenLeft();
    const shown = sales.length > 0 ? sales : sale ? [sale] : [];
    if (!io.saleRefreshing && anySaleRefreshDue(shown, io.lastSaleRefresh, Date.now())) {
        void refreshSale();
    }
    dispatch({ type: "tick", now: Date.now() }); // a purchase token that ran out sends the shopper back to Join
    if (state.phase.name === "idle" && ui.join.disabled === saleIsJoinable(sale)) {
        render();
    }
    const { phase } = state;
    if (phase.name === "waiting" && phase.number === undefined && phase.ahead === undefined) {
        renderQueueMessage(); // the pre-queue's countdown to the opening
    }
}

// --- the three steps ---------------------------------------------------------------------------------------------

/** Joins the shown sale's queue: the Join button, or the retry the page planned after a pause. */
async function join(): Promise<void> {
    const session = store.session();
    const saleId = sale?.saleId;
    if (!session || !saleId || (state.phase.name !== "idle" && state.phase.name !== "paused")) {
        return;
    }
    dispatch({ type: "joinStarted" });
    const mine = state.epoch;
    try {
        const outcome = await enterSolvingChallenge(saleId, sale?.challengeDifficulty ?? 0, () => mine === state.epoch);
        if (mine !== state.epoch || outcome === undefined) {
            return;
        }
        if (outcome.kind === "ok") {
            const ticket = outcome.value;
            store.setQueueToken({
                username: session.username,
                saleId: ticket.saleId,
                queueToken: ticket.queueToken,
                expiresAt: ticket.expiresAt,
                position: ticket.position ?? undefined,
            });
            dispatch({ type: "joined", queueToken: ticket.queueToken, position: ticket.position ?? undefined });
        } else {
            refused(outcome);
        }
    } catch {
        if (mine === state.epoch) {
            dispatch({ type: "unreachable" });
        }
    }
    keepFocus();
}

/** Tries to join at most this many times when the server asks for a (new) bot challenge each time. */
const CHALLENGE_ATTEMPTS = 3;

/**
 * Enter, with the bot challenge solved first when the sale asks one (a challenge read from the API, solved in a Web
 * Worker while the page shows the hashes tried), and solved again from the challenge a 428 carries (the sale turned it
 * on since the page read it, or the challenge ran out). Undefined when the join stopped being current meanwhile.
 */
async function enterSolvingChallenge(
    saleId: string,
    difficulty: number,
    current: () => boolean,
): Promise<Outcome<QueueTicket> | undefined> {
    let solution: string | undefined;
    if (difficulty > 0) {
        const issued = await api.challenge(saleId);
        if (issued.kind === "problem") {
            return issued;
        }
        solution = await solveOffThread(issued.value.challenge, issued.value.difficulty, current);
    }
    for (let attempt = 1; ; attempt++) {
        if (!current()) {
            return undefined;
        }
        const outcome = await api.enterQueue(saleId, solution);
        const problem = outcome.kind === "problem" ? outcome.problem : undefined;
        if (problem?.code !== "challenge_required" || !problem.challenge || attempt >= CHALLENGE_ATTEMPTS) {
            return outcome;
        }
        solution = await solveOffThread(problem.challenge, problem.difficulty ?? 0, current);
    }
}

/**
 * After the pre-queue's draw, asks enter for the place's number: a shopper holding a place gets it back (the same
 * queue token, no challenge), now with the drawn position. Best effort: without it the page still counts who is ahead.
 */
async function learnDrawnNumber(queueToken: string): Promise<void> {
    const session = store.session();
    const saleId = sale?.saleId;
    if (!session || !saleId) {
        return;
    }
    try {
        const outcome = await api.enterQueue(saleId);
        const ticket = outcome.kind === "ok" ? outcome.value : undefined;
        if (ticket && ticket.queueToken === queueToken && typeof ticket.position === "number") {
            store.setQueueToken({
                username: session.username,
                saleId: ticket.saleId,
                queueToken: ticket.queueToken,
                expiresAt: ticket.expiresAt,
                position: ticket.position,
            });
            dispatch({ type: "numberDrawn", queueToken, position: ticket.position });
        }
    } catch {
        // Unreachable for a moment: the next check counts who is ahead all the same.
    }
}

/** Solves in a Web Worker (challenge-worker.js), dispatching the progress; on the page's thread where there is none. */
function solveOffThread(challenge: string, difficulty: number, current: () => boolean): Promise<string | undefined> {
    const progress = (hashes: number): void => {
        if (current()) {
            dispatch({ type: "checking", hashes });
        }
    };
    progress(0);
    if (typeof Worker === "undefined") {
        return solveChallenge(challenge, difficulty, { onProgress: progress }).then((solved) => solved.solution);
    }
    return new Promise((resolve, reject) => {
        const worker = new Worker(new URL("challenge-worker.js", document.baseURI));
        // A join that stopped being current (logged out, another sale) stops its worker at the next report.
        worker.onmessage = (event: MessageEvent<SolveMessage>) => {
            const message = event.data;
            if (!current()) {
                worker.terminate();
                resolve(undefined);
            } else if (message.kind === "progress") {
                progress(message.hashes);
            } else {
                worker.terminate();
                if (message.kind === "solved") {
                    progress(message.hashes);
                    resolve(message.solution);
                } else {
                    reject(new Error(message.message));
                }
            }
        };
        worker.onerror = (event) => {
            worker.terminate();
            reject(new Error(event.message));
        };
        worker.postMessage({ challenge, difficulty } satisfies SolveRequest);
    });
}

/** One exchange call; the next one is scheduled at the pace of the server's Retry-After (see core/schedule.ts). */
async function poll(): Promise<void> {
    const current = state.phase;
    if (current.name !== "waiting" || io.polling) {
        return;
    }
    const mine = state.epoch;
    io.polling = true;
    try {
        const outcome = await api.exchange(current.queueToken);
        if (mine !== state.epoch) {
            return;
        }
        switch (outcome.kind) {
            case "pending":
                dispatch({ type: "stillWaiting", position: outcome.value.position ?? undefined, retryAfterSeconds: outcome.retryAfterSeconds });
                if (numberToLearn(state.phase)) {
                    void learnDrawnNumber(current.queueToken);
                }
                break;
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
                dispatch({ type: "turnReached", purchaseToken: outcome.value.purchaseToken, expiresAt: outcome.value.expiresAt });
                focusIfLost(ui.buy);
                break;
            }
            case "problem":
                refused(outcome);
                break;
        }
    } catch {
        if (mine === state.epoch) {
            // The network, or an answer that is none of the API's documents: the reducer backs off.
            dispatch({ type: "unreachable" });
        }
    } finally {
        io.polling = false;
    }
}

function schedulePoll(seconds: number): void {
    clearTimeout(io.pollTimer);
    io.pollTimer = setTimeout(() => void poll(), pollDelayMs(seconds));
}

async function buy(): Promise<void> {
    const session = store.session();
    if (!session || state.phase.name !== "ready") {
        return;
    }
    const { purchaseToken } = state.phase;
    dispatch({ type: "buyStarted" });
    const mine = state.epoch;
    try {
        const outcome = await api.purchase(purchaseToken);
        if (mine !== state.epoch) {
            return;
        }
        if (outcome.kind === "placed" || outcome.kind === "alreadyPlaced") {
            const order = outcome.value;
            store.setOrder({ username: session.username, order, message: order.message });
            dispatch({ type: "bought", order, message: order.message }); // forgets the tokens, reloads the sale
            ui.confirmationHeading.focus();
        } else {
            refused(outcome);
        }
    } catch {
        if (mine === state.epoch) {
            dispatch({ type: "unreachable" });
        }
    }
    keepFocus();
}

/** "Leave the queue": the server revokes the place (and a purchase token it became); the page then forgets it. */
async function leave(): Promise<void> {
    const saleId = sale?.saleId;
    if (!store.session() || !saleId || !canLeave(state.phase)) {
        return;
    }
    dispatch({ type: "leaveStarted" });
    const mine = state.epoch;
    try {
        const outcome = await api.leaveQueue(saleId);
        if (mine !== state.epoch) {
            return;
        }
        if (outcome.kind === "ok") {
            dispatch({ type: "left" }); // forgets the stored tokens: other tabs follow
        } else {
            refused(outcome);
        }
    } catch {
        if (mine === state.epoch) {
            dispatch({ type: "unreachable" });
        }
    }
    keepFocus();
}

/** A refusal of any of the three steps: the reducer picks the sentence and what the shopper can do next. */
function refused(outcome: Refused): void {
    dispatch({ type: "refused", problem: outcome.problem, retryAfterSeconds: outcome.retryAfterSeconds });
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
        if (sale && state.phase.name === "idle") {
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
    ui.leave.addEventListener("click", () => void leave());
    ui.logOut.addEventListener("click", () => {
        logOut();
        ui.username.focus();
    });
    // Another tab of this browser picked a sale, joined, got its turn, bought or logged out: follow it.
    window.addEventListener("storage", (event) => {
        if (event.key === keys.pickedSale) {
            choose(store.pickedSale());
        } else if (event.key === null || isStoreKey(event.key)) {
            void resume(false);
        }
    });
    setInterval(tick, TICK_MS);

    await refreshSale();
    await resume(true);
    document.body.dataset.ready = "true"; // for the browser tests: the first render is done
}

void start();
