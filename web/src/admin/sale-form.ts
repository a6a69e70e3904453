// The sale's fields as inputs, built from core/sale-settings.ts's list so that the create form and the edit dialog have
// the same fields, hints and error places: each field's messages sit under it, tied to its input (aria-describedby)
// and marked aria-invalid, as a screen reader and a sighted operator both expect.
import { saleFields, type FieldErrors, type FormText, type SaleField } from "../core/sale-settings.js";
import { make, setText, show } from "../dom.js";

interface FieldParts {
    input: HTMLInputElement;
    error: HTMLElement;
}

export class SaleFormFields {
    private readonly parts = new Map<SaleField, FieldParts>();

    /** Builds the inputs into `container`; ids start with `prefix` (two forms share the page). */
    constructor(container: HTMLElement, prefix: string) {
        // The waiting-room controls sit together in a fieldset of their own, after the sale's own fields.
        let group: HTMLElement | undefined;
        for (const spec of saleFields) {
            const id = `${prefix}-${spec.name}`;
            const field = make("div", "field");
            field.dataset.field = spec.name;
            const label = make("label", undefined, spec.label);
            label.htmlFor = id;
            const input = make("input");
            input.id = id;
            input.name = spec.name;
            input.type = spec.input;
            if (spec.step) {
                input.step = spec.step;
                input.inputMode = spec.step === "1" ? "numeric" : "decimal";
            }
            if (spec.input === "datetime-local") {
                input.step = "1"; // to the second: a sale may open in a few seconds
            }
            if (spec.name === "currency") {
                input.autocapitalize = "characters";
                input.maxLength = 3;
            }
            input.autocomplete = "off";
            const described: string[] = [];
            field.append(label, input);
            if (spec.hint) {
                const hint = make("p", "hint", spec.hint);
                hint.id = `${id}-hint`;
                described.push(hint.id);
                field.append(hint);
            }
            const error = make("p", "field-error");
            error.id = `${id}-error`;
            error.hidden = true;
            described.push(error.id);
            field.append(error);
            input.setAttribute("aria-describedby", described.join(" "));
            if (spec.group === "waitingRoom") {
                if (!group) {
                    const fieldset = make("fieldset", "field-group");
                    fieldset.append(make("legend", undefined, "Waiting room"));
                    group = make("div", "form-grid");
                    fieldset.append(group);
                    container.append(fieldset);
                }
                group.append(field);
            } else {
                container.append(field);
            }
            this.parts.set(spec.name, { input, error });
        }
    }

    input(field: SaleField): HTMLInputElement {
        return this.part(field).input;
    }

    /** What is typed. A number the browser cannot read has the value "" but is not empty: it reads as "?". */
    text(): FormText {
        const text = {} as FormText;
        for (const [field, { input }] of this.parts) {
            text[field] = input.validity.badInput ? "?" : input.value;
        }
        return text;
    }

    fill(text: FormText): void {
        for (const [field, { input }] of this.parts) {
            input.value = text[field];
        }
    }

    /** Shows each field's messages under it; clears the others. Returns the first field with one, to focus. */
    showErrors(errors: FieldErrors): HTMLInputElement | undefined {
        let first: HTMLInputElement | undefined;
        for (const spec of saleFields) {
            const { input, error } = this.part(spec.name);
            const messages = errors[spec.name] ?? [];
            setText(error, messages.join(" "));
            show(error, messages.length > 0);
            if (messages.length > 0) {
                input.setAttribute("aria-invalid", "true");
                first ??= input;
            } else {
                input.removeAttribute("aria-invalid");
            }
        }
        return first;
    }

    clearErrors(): void {
        this.showErrors({});
    }

    /** Disables the given fields (those fixed once a sale has opened), enables the others. */
    lock(locked: (field: SaleField) => boolean): void {
        for (const [field, { input }] of this.parts) {
            input.disabled = locked(field);
        }
    }

    private part(field: SaleField): FieldParts {
        const found = this.parts.get(field);
        if (!found) {
            throw new Error(`The form has no ${field} field.`);
        }
        return found;
    }
}
