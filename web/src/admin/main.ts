// The operators' page at /admin: log in as an operator, see every sale soonest first with its live figures and a chart
// of them, schedule a sale, and edit, pause, resume or close one, each confirmed first. Every call goes through the
// generated client (FlashPurchaseApi); every refusal becomes a sentence (problems.ts). This file is the DOM and the
// I/O; the pure parts are core/series.ts (the chart's series) and core/sale-settings.ts (the form).
import { FlashPurchaseApi, type AdminSaleView } from "../../../clients/typescript/src/index.js";
import { isoToLocalInput, readForm, splitFieldErrors, type FormText } from "../core/sale-settings.js";
import { FIGURES_REFRESH_MS } from "../core/schedule.js";
import { sampleOf, withSample, type FigureSample } from "../core/series.js";
import { element, setMessage, setText, show } from "../dom.js";
import { dateTime } from "../format.js";
import { operatorSentenceFor, operatorSentences, unreachableSentence } from "../problems.js";
import { caller } from "./calls.js";
import { ConfirmDialog, EditDialog } from "./dialogs.js";
import { SaleCard, type SaleAction } from "./sale-card.js";
import { SaleFormFields } from "./sale-form.js";
import { operatorSession, type OperatorSession } from "./session.js";

/** Held here as well as in storage, so the page keeps working when storage is disabled. */
let session: OperatorSession | undefined = operatorSession.get();
const api = new FlashPurchaseApi("", { accessToken: () => session?.accessToken });
const call = caller((sentence) => logOut(sentence));

const ui = {
    accountBar: element("account-bar"),
    accountName: element("account-name"),
    logOut: element<HTMLButtonElement>("log-out"),
    login: element("login"),
    loginForm: element<HTMLFormElement>("login-form"),
    username: element<HTMLInputElement>("username"),
    password: element<HTMLInputElement>("password"),
    logIn: element<HTMLButtonElement>("log-in"),
    loginMessage: element("login-message"),
    console: element("console"),
    pageMessage: element("page-message"),
    pageStatus: element("page-status"),
    salesHeading: element("sales-heading"),
    noSales: element("no-sales"),
    saleCards: element("sale-cards"),
    newSaleForm: element<HTMLFormElement>("new-sale-form"),
    newSaleMessage: element("new-sale-message"),
    createSale: element<HTMLButtonElement>("create-sale"),
};

const newSale = new SaleFormFields(element("new-sale-fields"), "new");
const confirmDialog = new ConfirmDialog();
const editDialog = new EditDialog();

/** One card per sale, and the readings of its figures since the page opened (the chart's series). */
const cards = new Map<string, SaleCard>();
const series = new Map<string, FigureSample[]>();
/** The figures' refresh loop; `generation` tells an answer that arrives after a log-out from a current one. */
const refresh = { timer: undefined as ReturnType<typeof setTimeout> | undefined, generation: 0 };

// --- the sales -----------------------------------------------------------------------------------------------------

/** One sale's latest view: its card (made on first sight) and a reading added to its series. */
function applyView(view: AdminSaleView, at = Date.now()): SaleCard {
    const readings = withSample(series.get(view.saleId) ?? [], sampleOf(view.figures, view.stockTotal, at));
    series.set(view.saleId, readings);
    let card = cards.get(view.saleId);
    if (!card) {
        card = new SaleCard(view, onAction);
        cards.set(view.saleId, card);
        ui.saleCards.append(card.root);
    }
    card.update(view, readings);
    return card;
}

/** Every sale as the server lists them: in its order (soonest first, closed ones last), the gone ones removed. */
function showSales(views: AdminSaleView[]): void {
    const at = Date.now();
    const listed = new Set(views.map((view) => view.saleId));
    for (const [saleId, card] of cards) {
        if (!listed.has(saleId)) {
            card.root.remove();
            cards.delete(saleId);
            series.delete(saleId);
        }
    }
    const ordered = views.map((view) => applyView(view, at).root);
    const inPlace = ordered.every((root, index) => ui.saleCards.children[index] === root);
    if (!inPlace) {
        // Moving a node drops its focus: give it back to the same control.
        const focused = document.activeElement;
        ui.saleCards.append(...ordered);
        if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) {
            focused.focus();
        }
    }
    show(ui.noSales, views.length === 0);
}

async function refreshFigures(): Promise<void> {
    clearTimeout(refresh.timer);
    const generation = refresh.generation;
    const outcome = await call(() => api.admin.sales());
    if (generation !== refresh.generation) {
        return; // logged out meanwhile
    }
    if (outcome.kind === "ok") {
        showSales(outcome.value);
        setMessage(ui.pageMessage, undefined);
    } else {
        setMessage(ui.pageMessage, `The figures could not be refreshed. ${outcome.sentence}`);
    }
    refresh.timer = setTimeout(() => void refreshFigures(), FIGURES_REFRESH_MS);
}

function say(text: string): void {
    setText(ui.pageStatus, text);
}

// --- what an operator does to a sale -------------------------------------------------------------------------------

const confirmations: Record<Exclude<SaleAction, "edit">, (name: string) => { heading: string; text: string; action: string; done: string }> = {
    pause: (name) => ({
        heading: `Pause the queue of ${name}?`,
        text:
            "Newcomers are asked to come back shortly and no purchase token is released. Shoppers keep their places, " +
            "and those already released can still buy.",
        action: "Pause the queue",
        done: `The queue of ${name} is paused.`,
    }),
    resume: (name) => ({
        heading: `Resume the queue of ${name}?`,
        text: "The shoppers who waited are released in queue order, and newcomers can join again.",
        action: "Resume the queue",
        done: `The queue of ${name} runs again.`,
    }),
    close: (name) => ({
        heading: `Close ${name} now?`,
        text: "Nobody can join or buy any more, and a closed sale does not open again.",
        action: "Close the sale",
        done: `${name} is closed.`,
    }),
};

function onAction(action: SaleAction, sale: AdminSaleView): void {
    const returnFocus = () => cards.get(sale.saleId)?.focusTarget(action);
    if (action === "edit") {
        editDialog.open({
            sale,
            run: (changes) => call(() => api.admin.editSale(sale.saleId, changes)),
            done: (view) => {
                applyView(view);
                say(`${view.productName} is changed.`);
            },
            returnFocus,
        });
        return;
    }
    const words = confirmations[action](sale.productName);
    confirmDialog.open({
        heading: words.heading,
        text: words.text,
        action: words.action,
        run: () => call(() => api.admin[action](sale.saleId)),
        done: (view) => {
            applyView(view);
            say(words.done);
        },
        returnFocus,
    });
}

// --- scheduling a sale ---------------------------------------------------------------------------------------------

/** A new sale's starting point: opening in ten minutes (on a whole minute), for an hour, EUR, no queue limit, no pacing. */
function newSaleDefaults(): FormText {
    const opens = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000);
    return {
        productName: "",
        price: "",
        currency: "EUR",
        stock: "100",
        opensAt: isoToLocalInput(opens.toISOString()),
        duration: "01:00:00",
        queueCapacity: "0",
        // The waiting room lets everyone through as soon as the queue moves, for the shop's default time to buy.
        preQueue: "00:00:00",
        releaseRate: "0",
        maxActiveShoppers: "0",
        purchaseWindow: "",
        challengeDifficulty: "0",
    };
}

async function submitNewSale(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setMessage(ui.newSaleMessage, undefined);
    const { settings, errors } = readForm(newSale.text());
    const invalid = newSale.showErrors(errors);
    if (invalid) {
        setMessage(ui.newSaleMessage, operatorSentences.validation_failed);
        invalid.focus();
        return;
    }
    ui.createSale.disabled = true;
    ui.newSaleForm.setAttribute("aria-busy", "true");
    try {
        const outcome = await call(() => api.admin.createSale(settings));
        if (outcome.kind === "ok") {
            const view = outcome.value;
            newSale.fill(newSaleDefaults());
            newSale.clearErrors();
            applyView(view);
            say(
                view.status === "scheduled"
                    ? `${view.productName} is scheduled: it opens ${dateTime(view.opensAt)}.`
                    : `${view.productName} is open.`,
            );
            void refreshFigures(); // its place among the others
        } else if (outcome.problem?.code === "validation_failed") {
            const { fields, other } = splitFieldErrors(outcome.problem);
            setMessage(ui.newSaleMessage, [outcome.sentence, ...other].join(" "));
            newSale.showErrors(fields)?.focus();
        } else {
            setMessage(ui.newSaleMessage, outcome.sentence);
        }
    } finally {
        ui.createSale.disabled = false;
        ui.newSaleForm.removeAttribute("aria-busy");
    }
}

// --- logging in and out ----------------------------------------------------------------------------------------------

/** The operator's console, with the sales the admin API answered (the proof that this account is an operator). */
function enterConsole(views: AdminSaleView[] | undefined, message?: string): void {
    show(ui.login, false);
    show(ui.console, true);
    show(ui.accountBar, true);
    setText(ui.accountName, session?.username ?? "");
    setMessage(ui.pageMessage, message);
    if (views) {
        showSales(views);
    }
    refresh.generation++;
    refresh.timer = setTimeout(() => void refreshFigures(), FIGURES_REFRESH_MS);
}

function logOut(message?: string): void {
    session = undefined;
    operatorSession.set(undefined);
    refresh.generation++;
    clearTimeout(refresh.timer);
    document.querySelectorAll("dialog").forEach((dialog) => dialog.open && dialog.close());
    for (const card of cards.values()) {
        card.root.remove();
    }
    cards.clear();
    series.clear();
    say("");
    show(ui.console, false);
    show(ui.accountBar, false);
    show(ui.login, true);
    setMessage(ui.loginMessage, message);
}

async function submitLogin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = ui.username.value.trim();
    const password = ui.password.value;
    if (name === "" || password === "") {
        setMessage(ui.loginMessage, "Please enter a username and a password.");
        (name === "" ? ui.username : ui.password).focus();
        return;
    }
    ui.logIn.disabled = true;
    ui.loginForm.setAttribute("aria-busy", "true");
    setMessage(ui.loginMessage, undefined);
    try {
        const token = await api.logIn(name, password);
        if (token.kind === "problem") {
            setMessage(ui.loginMessage, operatorSentenceFor(token.problem));
            return;
        }
        session = { username: name, accessToken: token.value.accessToken, expiresAt: token.value.expiresAt };
        // An operator is whom the admin API lets in: a shopper's token gets 403, and call() logs it out with the
        // sentence that says so.
        const first = await call(() => api.admin.sales());
        if (first.kind !== "ok") {
            if (session) {
                logOut(first.sentence);
            }
            return;
        }
        operatorSession.set(session);
        ui.password.value = "";
        enterConsole(first.value);
        ui.salesHeading.focus();
    } catch {
        setMessage(ui.loginMessage, unreachableSentence);
    } finally {
        ui.logIn.disabled = false;
        ui.loginForm.removeAttribute("aria-busy");
    }
}

// --- start ---------------------------------------------------------------------------------------------------------

async function start(): Promise<void> {
    ui.loginForm.addEventListener("submit", (event) => void submitLogin(event as SubmitEvent));
    ui.newSaleForm.addEventListener("submit", (event) => void submitNewSale(event as SubmitEvent));
    ui.logOut.addEventListener("click", () => {
        logOut();
        ui.username.focus();
    });
    newSale.fill(newSaleDefaults());

    if (session) {
        const first = await call(() => api.admin.sales());
        if (first.kind === "ok") {
            enterConsole(first.value);
        } else if (session) {
            enterConsole(undefined, `The figures could not be read. ${first.sentence}`); // unreachable: keep trying
        }
    } else {
        logOut();
    }
    document.body.dataset.ready = "true"; // for the browser tests: the first render is done
}

void start();
