// The operators' chart, as pure functions: the series of one sale's figures read since the page opened (the API keeps
// no history: per-minute rates are "over the last minute" at the moment of reading), and the SVG geometry drawn from
// it. No DOM: admin/chart.ts turns the geometry into elements.
import type { SaleFigures } from "../../../clients/typescript/src/index.js";

/** One reading of a sale's figures, at `at` (ms since the epoch, this browser's clock). */
export interface FigureSample {
    at: number;
    joins: number;
    releases: number;
    orders: number;
    stockLeft: number;
    stockTotal: number;
}

/** Half an hour of readings at FIGURES_REFRESH_MS: enough to see a sale's rush, small enough to redraw every time. */
export const MAX_SAMPLES = 1_200;
/** The x axis spans at least a minute, so the first readings grow from the left instead of stretching across. */
export const MIN_SPAN_MS = 60_000;

export function sampleOf(figures: SaleFigures, stockTotal: number, at: number): FigureSample {
    return {
        at,
        joins: figures.joinsPerMinute,
        releases: figures.releasesPerMinute,
        orders: figures.ordersPerMinute,
        stockLeft: figures.stockRemaining,
        stockTotal,
    };
}

/**
 * The series with `sample` added at its end; a reading not later than the last one (an answer that overtook another)
 * is left out; beyond `max` readings the oldest go.
 */
export function withSample(series: readonly FigureSample[], sample: FigureSample, max = MAX_SAMPLES): FigureSample[] {
    const last = series.at(-1);
    if (last && sample.at <= last.at) {
        return [...series];
    }
    const next = [...series, sample];
    return next.length > max ? next.slice(next.length - max) : next;
}

/** The smallest of 1, 2, 5, 10, 20, 50... that is at least `value`: an axis maximum a person reads at a glance. */
export function niceCeiling(value: number): number {
    if (!Number.isFinite(value) || value <= 1) {
        return 1;
    }
    let scale = 10 ** Math.floor(Math.log10(value));
    for (;;) {
        for (const step of [1, 2, 5]) {
            if (step * scale >= value) {
                return step * scale;
            }
        }
        scale *= 10;
    }
}

/**
 * Where the two panels sit, in CSS pixels: rates per minute above, stock left below, one time axis. The chart is drawn
 * at the width it has on screen (chartLayoutFor), so its text stays the same size from a phone to a desktop.
 */
export interface ChartLayout {
    width: number;
    height: number;
    plotLeft: number;
    plotRight: number;
    rateTop: number;
    rateBottom: number;
    stockTop: number;
    stockBottom: number;
}

/** The narrowest chart drawn: below it the labels would overlap (a 320 px phone still has this much in a card). */
export const MIN_CHART_WIDTH = 240;

export function chartLayoutFor(width: number): ChartLayout {
    const w = Math.max(MIN_CHART_WIDTH, Math.round(Number.isFinite(width) ? width : 0));
    return { width: w, height: 230, plotLeft: 44, plotRight: w - 12, rateTop: 24, rateBottom: 112, stockTop: 146, stockBottom: 200 };
}

export const chartLayout: ChartLayout = chartLayoutFor(640);

export interface ChartGeometry {
    layout: ChartLayout;
    /** The top of each panel's scale. */
    rateMax: number;
    stockMax: number;
    /** The times at the ends of the x axis. */
    from: number;
    to: number;
    /** SVG polyline `points` ("x,y x,y ..."), one per line drawn. */
    joins: string;
    releases: string;
    orders: string;
    stock: string;
}

/** The lines of the chart; undefined when there is nothing to draw yet. */
export function chartGeometry(series: readonly FigureSample[], layout: ChartLayout = chartLayout): ChartGeometry | undefined {
    const first = series[0];
    const last = series.at(-1);
    if (!first || !last) {
        return undefined;
    }
    const span = Math.max(MIN_SPAN_MS, last.at - first.at);
    const rateMax = niceCeiling(Math.max(...series.map((s) => Math.max(s.joins, s.releases, s.orders))));
    const stockMax = Math.max(1, ...series.map((s) => s.stockTotal), ...series.map((s) => s.stockLeft));
    const x = (at: number) => layout.plotLeft + ((at - first.at) / span) * (layout.plotRight - layout.plotLeft);
    const y = (value: number, max: number, top: number, bottom: number) =>
        bottom - (Math.min(Math.max(value, 0), max) / max) * (bottom - top);
    const line = (value: (sample: FigureSample) => number, max: number, top: number, bottom: number) =>
        series.map((sample) => `${round(x(sample.at))},${round(y(value(sample), max, top, bottom))}`).join(" ");
    const rate = (value: (sample: FigureSample) => number) => line(value, rateMax, layout.rateTop, layout.rateBottom);
    return {
        layout,
        rateMax,
        stockMax,
        from: first.at,
        to: first.at + span,
        joins: rate((s) => s.joins),
        releases: rate((s) => s.releases),
        orders: rate((s) => s.orders),
        stock: line((s) => s.stockLeft, stockMax, layout.stockTop, layout.stockBottom),
    };
}

/** What the chart shows, in words: its accessible name (the figures beside it hold the exact numbers). */
export function chartSummary(series: readonly FigureSample[]): string {
    const last = series.at(-1);
    if (!last) {
        return "No figures read yet.";
    }
    const most = (value: (sample: FigureSample) => number) => Math.max(...series.map(value));
    const per = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return (
        `Per minute now: ${per(last.joins, "join", "joins")}, ${per(last.releases, "release", "releases")}, ` +
        `${per(last.orders, "order", "orders")} (at most ${most((s) => s.joins)}, ${most((s) => s.releases)} and ` +
        `${most((s) => s.orders)} since this page opened). ${last.stockLeft} of ${last.stockTotal} units left.`
    );
}

function round(value: number): number {
    return Math.round(value * 10) / 10;
}
