// Draws a sale's chart as SVG elements from core/series.ts's geometry: our own few lines, no chart library, no inline
// style (the colours are classes in admin.css, so the Content-Security-Policy's style-src 'self' holds).
import { chartGeometry, chartLayout, chartLayoutFor, chartSummary, type FigureSample } from "../core/series.js";

const svgNs = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
    const created = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes)) {
        created.setAttribute(name, String(value));
    }
    if (text !== undefined) {
        created.textContent = text;
    }
    return created;
}

/** An empty chart: an image whose name says what it shows (the figures beside it have the exact numbers). */
export function createChart(): SVGSVGElement {
    const chart = svg("svg", { viewBox: `0 0 ${chartLayout.width} ${chartLayout.height}`, role: "img", class: "chart-svg" });
    chart.setAttribute("aria-label", chartSummary([]));
    return chart;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/**
 * Redraws the chart from the readings so far (a few dozen elements: cheap at every refresh), at the width it has now:
 * one viewBox unit is one CSS pixel, so a resized window is followed at the next refresh.
 */
export function drawChart(chart: SVGSVGElement, series: readonly FigureSample[]): void {
    chart.setAttribute("aria-label", chartSummary(series));
    chart.dataset.samples = String(series.length); // for the browser tests: how many readings are drawn
    const layout = chartLayoutFor(chart.clientWidth || chartLayout.width);
    chart.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
    const geometry = chartGeometry(series, layout);
    if (!geometry) {
        chart.replaceChildren();
        return;
    }
    const parts: SVGElement[] = [];
    const panel = (title: string, top: number, bottom: number, max: number) => {
        parts.push(svg("text", { x: layout.plotLeft, y: top - 8, class: "chart-title" }, title));
        for (const [value, y] of [[max, top], [0, bottom]] as const) {
            parts.push(svg("line", { x1: layout.plotLeft, x2: layout.plotRight, y1: y, y2: y, class: "chart-grid" }));
            parts.push(svg("text", { x: layout.plotLeft - 6, y: y + 4, class: "chart-value" }, String(value)));
        }
    };
    panel("Per minute", layout.rateTop, layout.rateBottom, geometry.rateMax);
    panel("Units left", layout.stockTop, layout.stockBottom, geometry.stockMax);
    for (const [name, points] of [
        ["joins", geometry.joins],
        ["releases", geometry.releases],
        ["orders", geometry.orders],
        ["stock", geometry.stock],
    ] as const) {
        parts.push(svg("polyline", { points, class: `chart-line line-${name}`, "data-line": name }));
    }
    const timeY = layout.height - 8;
    parts.push(svg("text", { x: layout.plotLeft, y: timeY, class: "chart-time" }, timeFormat.format(geometry.from)));
    parts.push(svg("text", { x: layout.plotRight, y: timeY, class: "chart-time end" }, timeFormat.format(geometry.to)));
    chart.replaceChildren(...parts);
}
