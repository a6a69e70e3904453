// One sale on the operators' page: what shoppers see of it, its live figures, its chart and what an operator can do to
// it. Built once per sale and updated in place at every refresh, so the keyboard focus on its buttons stays put.
import type { AdminSaleView, SaleFigures } from "../../../clients/typescript/src/index.js";
import { waitingRoomFacts } from "../core/sale-settings.js";
import type { FigureSample } from "../core/series.js";
import { make, setText, show } from "../dom.js";
import { about, dateTime, money, saleStatusWord } from "../format.js";
import { createChart, drawChart } from "./chart.js";

export type SaleAction = "edit" | "pause" | "resume" | "close";

type FigureName = keyof SaleFigures;

const figureLabels: [FigureName, string][] = [
    ["queued", "Places taken"],
    ["waiting", "Waiting"],
    ["activePurchaseTokens", "Purchase tokens out"],
    ["orders", "Orders"],
    ["joinsPerMinute", "Joins per minute"],
    ["releasesPerMinute", "Releases per minute"],
    ["ordersPerMinute", "Orders per minute"],
    ["estimatedWaitForLastSeconds", "Wait for the last in line"],
];

const legend: [string, string][] = [
    ["joins", "Joins per minute"],
    ["releases", "Releases per minute"],
    ["orders", "Orders per minute"],
    ["stock", "Units left"],
];

/** A definition list of label → value cells, the values found again by their key. */
function facts<K extends string>(rows: [K, string][], className: string): { list: HTMLElement; values: Map<K, HTMLElement> } {
    const list = make("dl", className);
    const values = new Map<K, HTMLElement>();
    for (const [key, label] of rows) {
        // The estimate is words ("nobody waits", "about 2 minutes"): a row of its own, not a narrow column.
        const row = make("div", key === "estimatedWaitForLastSeconds" ? "wide" : undefined);
        const value = make("dd");
        value.dataset.figure = key;
        row.append(make("dt", undefined, label), value);
        list.append(row);
        values.set(key, value);
    }
    return { list, values };
}

function waitWords(seconds: number | undefined, waiting: number): string {
    if (waiting === 0) {
        return "nobody waits";
    }
    return seconds === undefined || seconds === null ? "unknown: nothing released lately" : about(seconds);
}

export class SaleCard {
    readonly root: HTMLElement;
    private readonly heading: HTMLElement;
    private readonly status: HTMLElement;
    private readonly saleFacts: Map<string, HTMLElement>;
    private readonly figures: Map<FigureName, HTMLElement>;
    private readonly waitingRoom: Map<string, HTMLElement>;
    private readonly chart: SVGSVGElement;
    private readonly buttons: Record<"edit" | "pauseOrResume" | "close", HTMLButtonElement>;
    private readonly actions: HTMLElement;
    private view: AdminSaleView;

    constructor(view: AdminSaleView, onAction: (action: SaleAction, sale: AdminSaleView) => void) {
        this.view = view;
        const headingId = `sale-${view.saleId}-name`;
        this.root = make("article", "card sale-card");
        this.root.dataset.saleId = view.saleId;
        this.root.setAttribute("aria-labelledby", headingId);

        const head = make("div", "sale-card-head");
        this.heading = make("h3");
        this.heading.id = headingId;
        this.status = make("p", "sale-status");
        head.append(this.heading, this.status);

        const saleFacts = facts(
            [
                ["price", "Price"],
                ["stock", "Units left"],
                ["opens", "Opens"],
                ["closes", "Closes"],
                ["capacity", "Queue capacity"],
            ],
            "facts",
        );
        this.saleFacts = saleFacts.values;

        // The waiting-room settings, with the figures they drive (who waits, who is buying out of how many).
        const waitingRoomHeading = make("h4", undefined, "Waiting room");
        const waitingRoom = facts(
            waitingRoomFacts(view).map(({ key, label }) => [key, label] as [string, string]),
            "facts waiting-room",
        );
        this.waitingRoom = waitingRoom.values;

        const figuresHeading = make("h4", undefined, "Live figures");
        const figureFacts = facts(figureLabels, "facts figures");
        this.figures = figureFacts.values;

        const figure = make("figure", "chart");
        this.chart = createChart();
        const caption = make("figcaption");
        const key = make("ul", "legend");
        for (const [line, label] of legend) {
            const item = make("li");
            const swatch = make("span", `swatch line-${line}`);
            swatch.setAttribute("aria-hidden", "true");
            item.append(swatch, label);
            key.append(item);
        }
        caption.append(key);
        figure.append(this.chart, caption);

        this.actions = make("div", "actions");
        const button = (label: string, className: string) => {
            const created = make("button", className, label);
            created.type = "button";
            return created;
        };
        this.buttons = {
            edit: button("Edit", "secondary"),
            pauseOrResume: button("Pause the queue", "secondary"),
            close: button("Close the sale", "danger"),
        };
        this.buttons.edit.dataset.action = "edit";
        this.buttons.close.dataset.action = "close";
        this.buttons.edit.addEventListener("click", () => onAction("edit", this.view));
        this.buttons.pauseOrResume.addEventListener("click", () => onAction(this.view.paused ? "resume" : "pause", this.view));
        this.buttons.close.addEventListener("click", () => onAction("close", this.view));
        this.actions.append(this.buttons.edit, this.buttons.pauseOrResume, this.buttons.close);

        this.root.append(head, saleFacts.list, waitingRoomHeading, waitingRoom.list, figuresHeading, figureFacts.list, figure, this.actions);
        this.update(view, []);
    }

    /** Where the keyboard goes when a dialog about this sale closes and its button has gone (a closed sale has none). */
    focusTarget(action: SaleAction): HTMLElement {
        const button = action === "edit" ? this.buttons.edit : action === "close" ? this.buttons.close : this.buttons.pauseOrResume;
        if (!button.disabled && !button.closest("[hidden]")) {
            return button;
        }
        this.heading.tabIndex = -1;
        return this.heading;
    }

    update(view: AdminSaleView, series: readonly FigureSample[]): void {
        this.view = view;
        const { figures } = view;
        setText(this.heading, view.productName);
        setText(this.status, saleStatusWord(view.status, view.paused));
        this.status.dataset.status = view.status; // coloured as the waiting room colours a status
        this.root.dataset.saleStatus = view.status; // not data-status: that colours all the card's text
        this.root.dataset.paused = String(view.paused);

        const set = (map: Map<string, HTMLElement>, key: string, text: string) => {
            const cell = map.get(key);
            if (cell) {
                setText(cell, text);
            }
        };
        set(this.saleFacts, "price", money(view.price, view.currency));
        set(this.saleFacts, "stock", `${figures.stockRemaining} of ${view.stockTotal}`);
        set(this.saleFacts, "opens", dateTime(view.opensAt));
        set(this.saleFacts, "closes", dateTime(view.closesAt));
        set(this.saleFacts, "capacity", view.queueCapacity === 0 ? "no limit" : String(view.queueCapacity));
        for (const { key, value } of waitingRoomFacts(view)) {
            set(this.waitingRoom, key, value);
        }
        for (const [name] of figureLabels) {
            const text = name === "estimatedWaitForLastSeconds" ? waitWords(figures[name], figures.waiting) : String(figures[name]);
            set(this.figures, name, text);
        }
        drawChart(this.chart, series);

        const closed = view.status === "closed";
        show(this.actions, !closed);
        setText(this.buttons.pauseOrResume, view.paused ? "Resume the queue" : "Pause the queue");
        this.buttons.pauseOrResume.dataset.action = view.paused ? "resume" : "pause";
    }
}
