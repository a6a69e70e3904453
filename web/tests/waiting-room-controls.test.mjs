// Two waiting-room controls as a shopper sees them, on the embedded default (the Worker runs inside the API):
//  - the pre-queue: an operator schedules a sale opening in a few seconds with a pre-queue and one shopper buying at a
//    time; Dora joins from the sale picker with two shoppers already pre-queued (through the API) and the page counts
//    down to the opening ("You are in the pre-queue: the queue opens in 0:0N…", enter says position null and preQueue
//    true); at the opening the Worker draws the three places at random and the page shows Dora's: her turn, or how
//    many are ahead, as enter's drawn number says;
//  - a paced release (one shopper buying at a time): Eve queues behind three shoppers (the first of them holds the
//    slot); as they leave one by one the page counts her place down (2 ahead, 1 ahead, next) and then it is her turn,
//    each check at the pace of the server's Retry-After.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
    desktop,
    launchBrowser,
    liveLog,
    liveRegion,
    openPage,
    recordExchanges,
    register,
    screenshots,
    sequence,
    shopperContext,
    waitForText,
} from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const operator = { username: "otto", password: randomBytes(12).toString("base64url") };
const json = { "content-type": "application/json" };
const preQueueLine = /You are in the pre-queue: the queue opens in (\d+):(\d\d), your place will be drawn at random\./;
let api;
let browser;
let operatorToken;

async function call(method, path, accessToken, body) {
    return fetch(`${api.url}${path}`, {
        method,
        headers: { ...json, ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** A sale scheduled through the admin API (as an operator would from /admin). */
async function createSale(settings) {
    const created = await call("POST", "/api/admin/sales", operatorToken, {
        price: 49.9,
        currency: "EUR",
        stock: 10,
        duration: "00:10:00",
        ...settings,
    });
    assert.equal(created.status, 201, await created.clone().text());
    return created.json();
}

async function adminSale(saleId) {
    const response = await call("GET", `/api/admin/sales/${saleId}`, operatorToken);
    assert.equal(response.status, 200);
    return response.json();
}

/** A shopper who only uses the API: registered, logged in; returns the access token. */
async function apiShopper(name) {
    const credentials = { username: `${name}-${randomBytes(3).toString("hex")}`, password: "correct horse battery" };
    assert.equal((await call("POST", "/api/auth/register", undefined, credentials)).status, 201);
    return (await (await call("POST", "/api/auth/token", undefined, credentials)).json()).accessToken;
}

/** GET /api/queue/enter for the sale: joins, or gives the place back (with its drawn number once drawn). */
async function enter(accessToken, saleId) {
    const response = await call("GET", `/api/queue/enter?saleId=${saleId}`, accessToken);
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
}

async function leave(accessToken, saleId) {
    const response = await call("DELETE", `/api/queue/place?saleId=${saleId}`, accessToken);
    assert.equal(response.status, 204, await response.clone().text());
}

/** The access token the page holds. */
async function pageAccessToken(page) {
    return page.evaluate(() => JSON.parse(localStorage.getItem("flashpurchase.session")).accessToken);
}

async function waitUntil(what, check, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    while (!(await check())) {
        if (Date.now() > deadline) {
            throw new Error(`${what}: not within ${timeout} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** A shopper in the browser, logged in, with the given sale picked in the sale picker. */
async function browserShopper(name, saleId) {
    const context = await shopperContext(browser, api.url, desktop);
    const page = await openPage(context);
    await register(page, `${name}-${randomBytes(3).toString("hex")}`);
    const choice = page.locator(`#sales-list button[data-sale-id="${saleId}"]`);
    await choice.click();
    await page.waitForFunction((id) => document.querySelector(`button[data-sale-id="${id}"]`)?.getAttribute("aria-pressed") === "true", saleId);
    return { context, page };
}

/** What the page says about the place, as one line. */
async function queueText(page) {
    return (await liveRegion(page).innerText()).replace(/\s+/g, " ").trim();
}

describe("the waiting-room controls in the waiting room: the pre-queue and its draw, a paced release", { timeout: 240_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([
            startApi("waiting-room-controls", { Admin__Username: operator.username, Admin__Password: operator.password }),
            launchBrowser(),
        ]);
        const issued = await call("POST", "/api/auth/token", undefined, operator);
        assert.equal(issued.status, 200);
        operatorToken = (await issued.json()).accessToken;
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    describe("the pre-queue: a countdown, then the drawn place", () => {
        const step = sequence();
        const shoot = screenshots("pre-queue");
        let sale;
        let early; // the access tokens of the two shoppers pre-queued through the API
        let dora; // { context, page }

        it("Dora joins the pre-queue from the picker: the page counts down to the opening, enter has no position yet", { timeout: 45_000 }, (t) =>
            step(t, async () => {
                const opensAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 14_000);
                sale = await createSale({ productName: "Pre-queue lamp", opensAt: opensAt.toISOString(), preQueue: "00:01:00", maxActiveShoppers: 1 });
                early = await Promise.all([apiShopper("early-1"), apiShopper("early-2")]);
                for (const token of early) {
                    const ticket = await enter(token, sale.saleId);
                    assert.equal(ticket.position, null);
                    assert.equal(ticket.preQueue, true);
                }

                dora = await browserShopper("dora", sale.saleId);
                const { page } = dora;
                await waitForText(liveRegion(page), /^The pre-queue is open: join now\./);
                await page.getByRole("button", { name: "Join the queue" }).click();
                const first = await waitForText(liveRegion(page), preQueueLine);
                await shoot(page, "dora-pre-queued");

                const ticket = await enter(await pageAccessToken(page), sale.saleId);
                assert.equal(ticket.position, null, "no place before the draw");
                assert.equal(ticket.preQueue, true);

                // The countdown goes down (the page redraws it twice a second).
                const seconds = (text) => {
                    const [, minutes, secs] = text.match(preQueueLine);
                    return Number(minutes) * 60 + Number(secs);
                };
                const before = seconds(first);
                assert.ok(before > 0 && before <= 14, `the queue opens in ${before} s`);
                await waitUntil("the countdown goes down", async () => {
                    const text = await queueText(page);
                    return preQueueLine.test(text) && seconds(text) < before;
                }, 3_000);
                assert.ok(Date.parse(sale.opensAt) - Date.now() > 0, "all this before the opening");
            }));

        it("at the opening the three places are drawn: the page leaves the pre-queue and shows Dora's, as enter says", { timeout: 45_000 }, (t) =>
            step(t, async () => {
                const { page } = dora;
                const opensIn = Date.parse(sale.opensAt) - Date.now();
                await waitUntil(
                    "the page leaves the pre-queue",
                    async () => {
                        const text = await queueText(page);
                        return !preQueueLine.test(text) && !/your place is being drawn/.test(text);
                    },
                    opensIn + 15_000,
                );

                const drawn = await Promise.all([await pageAccessToken(page), ...early].map((token) => enter(token, sale.saleId)));
                const [mine] = drawn.map((ticket) => ticket.position);
                assert.deepEqual(drawn.map((ticket) => ticket.position).sort(), [1, 2, 3], "the three pre-queued places, drawn");
                assert.ok(drawn.every((ticket) => ticket.preQueue === undefined), "no longer in the pre-queue");

                // One shopper buys at a time: number 1 gets the turn, the others wait behind them.
                if (mine === 1) {
                    await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 15_000 });
                    await waitForText(liveRegion(page), /It is your turn/);
                } else {
                    await waitForText(liveRegion(page), mine === 2 ? /You are number 2 in the queue\. You are next\./ : /You are number 3 in the queue\. 1 shopper is ahead of you\./);
                }
                t.diagnostic(`Dora was drawn number ${mine}: "${await queueText(page)}"`);
                const said = (await liveLog(page)).join(" | ");
                assert.match(said, preQueueLine, `the live region said: ${said}`);
                await shoot(page, `dora-drawn-${mine}`);
                assert.equal((await adminSale(sale.saleId)).figures.activePurchaseTokens, 1, "one shopper buying at a time");
                await dora.context.close();
            }));
    });

    describe("a paced release: the place counts down as the shoppers ahead leave", () => {
        const step = sequence();
        const shoot = screenshots("paced-release");
        let sale;
        let ahead; // the access tokens of the three shoppers queued first, through the API
        let eve; // { context, page, exchanges }

        it("Eve queues behind three shoppers, one of them buying: the page says 2 shoppers are ahead", { timeout: 45_000 }, (t) =>
            step(t, async () => {
                sale = await createSale({ productName: "Paced kettle", opensAt: new Date(Date.now() - 1_000).toISOString(), maxActiveShoppers: 1 });
                ahead = await Promise.all([apiShopper("ahead-1"), apiShopper("ahead-2"), apiShopper("ahead-3")]);
                for (const [index, token] of ahead.entries()) {
                    assert.equal((await enter(token, sale.saleId)).position, index + 1);
                }
                await waitUntil("the first shopper is released", async () => (await adminSale(sale.saleId)).figures.activePurchaseTokens === 1);

                eve = await browserShopper("eve", sale.saleId);
                const { page } = eve;
                eve.exchanges = recordExchanges(page);
                await waitForText(liveRegion(page), /^The sale is open\./);
                await page.getByRole("button", { name: "Join the queue" }).click();
                await waitForText(liveRegion(page), /You are number 4 in the queue\. 2 shoppers are ahead of you\./, 20_000);
                await shoot(page, "eve-2-ahead");
            }));

        it("as they leave one by one, the page counts down: 1 ahead, next, then her turn", { timeout: 120_000 }, (t) =>
            step(t, async () => {
                const { page } = eve;
                const steps = [
                    [/You are number 4 in the queue\. 1 shopper is ahead of you\./, "eve-1-ahead"],
                    [/You are number 4 in the queue\. You are next\./, "eve-next"],
                    [/It is your turn/, "eve-turn"],
                ];
                for (const [index, [expected, name]] of steps.entries()) {
                    const left = Date.now();
                    await leave(ahead[index], sale.saleId);
                    // The next check comes at the pace of the last Retry-After (30 s at most).
                    await waitForText(liveRegion(page), expected, 35_000);
                    t.diagnostic(`${name}: ${Date.now() - left} ms after the leave`);
                    await shoot(page, name);
                }
                await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });

                const said = (await liveLog(page)).map((text) => text.match(/You are next\.|\d+ shoppers? (?:is|are) ahead of you\.|It is your turn/)?.[0]);
                const countdown = said.filter((text, index) => text && text !== said[index - 1]);
                assert.deepEqual(countdown, ["2 shoppers are ahead of you.", "1 shopper is ahead of you.", "You are next.", "It is your turn"]);

                // Each check came at the pace the one before asked for (Retry-After, 1 to 30 s), never sooner.
                const checks = eve.exchanges.filter((call) => call.status !== undefined);
                assert.ok(checks.length >= 4, `${checks.length} checks`);
                for (let index = 1; index < checks.length; index++) {
                    const asked = checks[index - 1].retryAfter;
                    if (asked === undefined) {
                        continue; // the 200 that gave the purchase token is the last
                    }
                    assert.ok(asked >= 1 && asked <= 30, `Retry-After ${asked}`);
                    const gap = checks[index].at - checks[index - 1].at;
                    assert.ok(gap >= asked * 1000 - 250, `check ${index + 1} came ${gap} ms after one that asked for ${asked} s`);
                }
                t.diagnostic(`Retry-After of the checks: ${checks.map((call) => call.retryAfter ?? call.status).join(", ")}`);
                await eve.context.close();
            }));
    });
});
