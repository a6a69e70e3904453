// The few DOM helpers both pages use: find an element the page must have, show or hide it, set its text without
// touching an unchanged node (a live region announces every change, even to the same words).

export function element<T extends HTMLElement = HTMLElement>(id: string): T {
    const found = document.getElementById(id);
    if (!found) {
        throw new Error(`The page has no #${id}.`);
    }
    return found as T;
}

export function show(target: HTMLElement, visible: boolean): void {
    target.hidden = !visible;
}

export function setText(target: Element, text: string): void {
    if (target.textContent !== text) {
        target.textContent = text;
    }
}

/** A message paragraph: the text shown, or hidden when there is none. */
export function setMessage(target: HTMLElement, text: string | undefined): void {
    setText(target, text ?? "");
    show(target, text !== undefined);
}

/** A new element with a class and text: the pages build their lists with it. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const created = document.createElement(tag);
    if (className) {
        created.className = className;
    }
    if (text !== undefined) {
        created.textContent = text;
    }
    return created;
}
