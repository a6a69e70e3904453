// The confirmations: a modal <dialog> (keyboard-trapped by the browser, Escape cancels, the focus goes back to the
// button that opened it) for pause, resume and close, and the edit dialog, whose second step lists the changes to
// confirm. Each runs the API call itself and stays open with the refusal's sentence when the server says no.
import type { AdminSaleView, SaleSettings } from "../../../clients/typescript/src/index.js";
import { changedSettings, describeChanges, formTextOf, readForm, saleFields, splitFieldErrors } from "../core/sale-settings.js";
import { element, make, setMessage, setText, show } from "../dom.js";
import type { AdminCall } from "./calls.js";
import { SaleFormFields } from "./sale-form.js";

/** Opens `dialog` modally; `returnFocus` gets the keyboard back when it closes, however it closes. */
function openModal(dialog: HTMLDialogElement, returnFocus: () => HTMLElement | undefined, first: HTMLElement): void {
    dialog.addEventListener(
        "close",
        () => {
            const target = returnFocus();
            if (target?.isConnected) {
                target.focus();
            }
        },
        { once: true },
    );
    dialog.showModal();
    first.focus();
}

export interface Confirmation {
    heading: string;
    text: string;
    /** The confirming button's words ("Pause the queue"). */
    action: string;
    /** Carries the action out: an AdminCall's outcome (a sentence when refused). */
    run: () => Promise<AdminCall<AdminSaleView>>;
    /** With the server's answer, once it said yes. */
    done: (sale: AdminSaleView) => void;
    returnFocus: () => HTMLElement | undefined;
}

export class ConfirmDialog {
    private readonly dialog = element<HTMLDialogElement>("confirm-dialog");
    private readonly heading = element("confirm-heading");
    private readonly text = element("confirm-text");
    private readonly message = element("confirm-message");
    private readonly cancel = element<HTMLButtonElement>("confirm-cancel");
    private readonly ok = element<HTMLButtonElement>("confirm-ok");
    private current: Confirmation | undefined;

    constructor() {
        this.cancel.addEventListener("click", () => this.dialog.close());
        this.ok.addEventListener("click", () => void this.confirm());
    }

    /** Asks first; Cancel has the focus, so a stray Enter changes nothing. */
    open(confirmation: Confirmation): void {
        this.current = confirmation;
        setText(this.heading, confirmation.heading);
        setText(this.text, confirmation.text);
        setText(this.ok, confirmation.action);
        setMessage(this.message, undefined);
        this.ok.disabled = false;
        openModal(this.dialog, confirmation.returnFocus, this.cancel);
    }

    private async confirm(): Promise<void> {
        const confirmation = this.current;
        if (!confirmation) {
            return;
        }
        this.ok.disabled = true;
        this.dialog.setAttribute("aria-busy", "true");
        try {
            const outcome = await confirmation.run();
            if (outcome.kind === "ok") {
                this.dialog.close();
                confirmation.done(outcome.value);
            } else {
                setMessage(this.message, outcome.sentence);
                this.cancel.focus();
            }
        } finally {
            this.ok.disabled = false;
            this.dialog.removeAttribute("aria-busy");
        }
    }
}

export interface EditRequest {
    sale: AdminSaleView;
    run: (changes: SaleSettings) => Promise<AdminCall<AdminSaleView>>;
    done: (sale: AdminSaleView) => void;
    returnFocus: () => HTMLElement | undefined;
}

export class EditDialog {
    private readonly dialog = element<HTMLDialogElement>("edit-dialog");
    private readonly form = element<HTMLFormElement>("edit-form");
    private readonly heading = element("edit-heading");
    private readonly locked = element("edit-locked");
    private readonly fields = new SaleFormFields(element("edit-fields"), "edit");
    private readonly message = element("edit-message");
    private readonly stepFields = element("edit-step-fields");
    private readonly stepConfirm = element("edit-step-confirm");
    private readonly confirmIntro = element("edit-confirm-intro");
    private readonly summary = element("edit-summary");
    private readonly confirmMessage = element("edit-confirm-message");
    private readonly save = element<HTMLButtonElement>("edit-save");
    private current: EditRequest | undefined;
    private changes: SaleSettings = {};

    constructor() {
        element("edit-cancel").addEventListener("click", () => this.dialog.close());
        element("edit-back").addEventListener("click", () => this.showFields());
        this.form.addEventListener("submit", (event) => {
            event.preventDefault();
            this.review();
        });
        this.save.addEventListener("click", () => void this.saveChanges());
    }

    open(request: EditRequest): void {
        this.current = request;
        const { sale } = request;
        setText(this.heading, `Edit ${sale.productName}`);
        // Once open, the contract fixes these: say so and offer only what can still change.
        const opened = sale.status !== "scheduled";
        show(this.locked, opened);
        this.fields.lock((field) => opened && (saleFields.find((spec) => spec.name === field)?.lockedOnceOpen ?? false));
        this.fields.fill(formTextOf(sale));
        this.fields.clearErrors();
        this.showFields();
        const first = saleFields.map((spec) => this.fields.input(spec.name)).find((input) => !input.disabled);
        openModal(this.dialog, request.returnFocus, first ?? element("edit-cancel"));
    }

    private showFields(): void {
        setMessage(this.message, undefined);
        show(this.stepFields, true);
        show(this.stepConfirm, false);
    }

    /** Step 1 → 2: what the form says, checked for what the page must check, compared with the sale. */
    private review(): void {
        const request = this.current;
        if (!request) {
            return;
        }
        const { settings, errors } = readForm(this.fields.text());
        const invalid = this.fields.showErrors(errors);
        if (invalid) {
            invalid.focus();
            return;
        }
        this.changes = changedSettings(request.sale, settings);
        const lines = describeChanges(request.sale, this.changes);
        if (lines.length === 0) {
            setMessage(this.message, "Nothing has changed yet.");
            return;
        }
        this.summary.replaceChildren(...lines.map((line) => make("li", undefined, line)));
        setMessage(this.confirmMessage, undefined);
        show(this.stepFields, false);
        show(this.stepConfirm, true);
        this.confirmIntro.focus();
    }

    private async saveChanges(): Promise<void> {
        const request = this.current;
        if (!request) {
            return;
        }
        this.save.disabled = true;
        this.dialog.setAttribute("aria-busy", "true");
        try {
            const outcome = await request.run(this.changes);
            if (outcome.kind === "ok") {
                this.dialog.close();
                request.done(outcome.value);
            } else if (outcome.problem?.code === "validation_failed") {
                // Back to the fields, each message next to its own; the others above the buttons.
                const { fields, other } = splitFieldErrors(outcome.problem);
                this.showFields();
                setMessage(this.message, [outcome.sentence, ...other].join(" "));
                this.fields.showErrors(fields)?.focus();
            } else {
                setMessage(this.confirmMessage, outcome.sentence);
                this.confirmIntro.focus();
            }
        } finally {
            this.save.disabled = false;
            this.dialog.removeAttribute("aria-busy");
        }
    }
}
