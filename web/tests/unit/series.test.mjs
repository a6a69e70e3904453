// The operators' chart (web/src/core/series.ts): the series built from the polled figures, and its SVG geometry.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    chartGeometry,
    chartLayout,
    chartLayoutFor,
    MIN_CHART_WIDTH,
    chartSummary,
    MAX_SAMPLES,
    MIN_SPAN_MS,
    niceCeiling,
    sampleOf,
    withSample,
} from "../../.test-build/core/series.js";

const t0 = Date.parse("2030-01-01T12:00:00Z");
const figures = (over = {}) => ({
    queued: 0,
    waiting: 0,
    activePurchaseTokens: 0,
    orders: 0,
    stockRemaining: 10,
    joinsPerMinute: 0,
    releasesPerMinute: 0,
    ordersPerMinute: 0,
    estimatedWaitForLastSeconds: 0,
    ...over,
});
const sample = (seconds, over = {}) => ({ at: t0 + seconds * 1000, joins: 0, releases: 0, orders: 0, stockLeft: 10, stockTotal: 10, ...over });
const points = (text) => text.split(" ").map((pair) => pair.split(",").map(Number));

describe("the series of one sale's figures", () => {
    it("takes the per-minute rates and the stock of a reading", () => {
        const reading = figures({ joinsPerMinute: 4, releasesPerMinute: 3, ordersPerMinute: 2, stockRemaining: 7 });
        assert.deepEqual(sampleOf(reading, 10, t0), { at: t0, joins: 4, releases: 3, orders: 2, stockLeft: 7, stockTotal: 10 });
    });

    it("grows by one reading at a time, leaving its input alone", () => {
        const first = withSample([], sample(0));
        const second = withSample(first, sample(1.5, { joins: 1 }));
        assert.equal(first.length, 1);
        assert.deepEqual(second.map((s) => s.joins), [0, 1]);
    });

    it("leaves out a reading not later than the last (an answer that overtook another)", () => {
        const series = [sample(0), sample(3)];
        assert.deepEqual(withSample(series, sample(2)), series);
        assert.deepEqual(withSample(series, sample(3)), series);
    });

    it("keeps the latest readings only, MAX_SAMPLES by default (half an hour at 1.5 s)", () => {
        let series = [];
        for (let i = 0; i < 7; i++) {
            series = withSample(series, sample(i), 5);
        }
        assert.deepEqual(series.map((s) => s.at), [2, 3, 4, 5, 6].map((i) => t0 + i * 1000));
        assert.equal(MAX_SAMPLES, 1_200);
    });
});

describe("the axis maxima", () => {
    it("are 1, 2 or 5 times a power of ten, at least the value (and at least 1)", () => {
        assert.deepEqual([0, 0.5, 1, 1.5, 2, 3, 5, 6, 10, 11, 27, 99, 101, 4_000].map(niceCeiling), [1, 1, 1, 2, 2, 5, 5, 10, 10, 20, 50, 100, 200, 5_000]);
        assert.equal(niceCeiling(Number.NaN), 1);
    });
});

describe("the chart's geometry", () => {
    const { plotLeft, plotRight, rateTop, rateBottom, stockTop, stockBottom } = chartLayout;

    it("is laid out in the pixels the chart has on screen, never narrower than its labels need", () => {
        assert.equal(chartLayoutFor(900).width, 900);
        assert.equal(chartLayoutFor(900).plotRight, 888);
        assert.equal(chartLayoutFor(100).width, MIN_CHART_WIDTH);
        assert.equal(chartLayoutFor(Number.NaN).width, MIN_CHART_WIDTH);
        assert.equal(chartLayout.width, 640);
    });

    it("has nothing to draw before the first reading", () => {
        assert.equal(chartGeometry([]), undefined);
    });

    it("spans at least a minute, so the first readings start at the left and do not stretch across", () => {
        const geometry = chartGeometry([sample(0), sample(30)]);
        assert.equal(geometry.to - geometry.from, MIN_SPAN_MS);
        const [[x0], [x1]] = points(geometry.joins);
        assert.equal(x0, plotLeft);
        assert.equal(x1, (plotLeft + plotRight) / 2);
    });

    it("spans the readings once they cover more than a minute, the last one at the right edge", () => {
        const geometry = chartGeometry([sample(0), sample(60), sample(120)]);
        assert.equal(geometry.to - geometry.from, 120_000);
        assert.deepEqual(points(geometry.stock).map(([x]) => x), [plotLeft, (plotLeft + plotRight) / 2, plotRight]);
    });

    it("puts the rates on one scale (the largest, rounded up), zero at the panel's bottom", () => {
        const geometry = chartGeometry([sample(0, { joins: 3, releases: 1 }), sample(2, { joins: 1, orders: 2 })]);
        assert.equal(geometry.rateMax, 5);
        const joins = points(geometry.joins).map(([, y]) => y);
        assert.deepEqual(joins, [rateBottom - (3 / 5) * (rateBottom - rateTop), rateBottom - (1 / 5) * (rateBottom - rateTop)]);
        assert.equal(points(geometry.orders)[0][1], rateBottom);
    });

    it("draws the stock left against the units for sale, in its own panel", () => {
        const geometry = chartGeometry([sample(0, { stockLeft: 10 }), sample(2, { stockLeft: 5 }), sample(4, { stockLeft: 0 })]);
        assert.equal(geometry.stockMax, 10);
        assert.deepEqual(points(geometry.stock).map(([, y]) => y), [stockTop, (stockTop + stockBottom) / 2, stockBottom]);
    });

    it("keeps a stock raised by an edit inside the panel (the scale grows with it)", () => {
        const geometry = chartGeometry([sample(0, { stockTotal: 10, stockLeft: 10 }), sample(2, { stockTotal: 20, stockLeft: 20 })]);
        assert.equal(geometry.stockMax, 20);
        assert.ok(points(geometry.stock).every(([, y]) => y >= stockTop && y <= stockBottom));
    });
});

describe("the chart in words", () => {
    it("says the latest rates, the most seen since the page opened, and the stock", () => {
        const said = chartSummary([sample(0, { joins: 3, orders: 1 }), sample(2, { joins: 1, releases: 1, orders: 1, stockLeft: 9 })]);
        assert.equal(
            said,
            "Per minute now: 1 join, 1 release, 1 order (at most 3, 1 and 1 since this page opened). 9 of 10 units left.",
        );
    });

    it("says so when nothing was read yet", () => {
        assert.equal(chartSummary([]), "No figures read yet.");
    });
});
