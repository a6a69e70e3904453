// The waiting room on the embedded default (SQLite, in-memory transport, the queue worker inside the API): one unit
// for sale, opening a few seconds after the API is up, two places in the queue. Alice (mouse, desktop) buys it; Bob
// (keyboard only, phone-sized screen) gets his turn too but is told it is sold out; Carol finds the queue full.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
    desktop,
    launchBrowser,
    liveLog,
    liveRegion,
    openPage,
    phone,
    register,
    screenshots,
    sequence,
    shopperContext,
    storedQueueToken,
    waitForText,
} from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const opensInSeconds = 15;
const step = sequence();
const shoot = screenshots("embedded");
let api;
let browser;
let alice; // { context, page }
let bob;

/** Moves the seeded sale's opening, as Development's first operator (admin) would from /admin. */
async function moveOpening(opensAt) {
    const json = { "content-type": "application/json" };
    const issued = await fetch(`${api.url}/api/auth/token`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ username: "admin", password: "flashpurchase-admin" }),
    });
    assert.equal(issued.status, 200, "Development's operator logs in");
    const auth = { authorization: `Bearer ${(await issued.json()).accessToken}` };
    const [seeded] = await (await fetch(`${api.url}/api/admin/sales`, { headers: auth })).json();
    const moved = await fetch(`${api.url}/api/admin/sales/${seeded.saleId}`, {
        method: "PATCH",
        headers: { ...auth, ...json },
        body: JSON.stringify({ opensAt: opensAt.toISOString() }),
    });
    assert.equal(moved.status, 200, await moved.text());
}

describe("the waiting room on the embedded default", { timeout: 180_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([
            startApi("embedded", {
                FlashSale__Stock: "1",
                FlashSale__QueueCapacity: "2",
                // An hour ahead at start-up; the opening is moved once the API answers (below), since its start-up
                // alone takes up to 20 s on a busy machine and would eat the countdown.
                FlashSale__OpensAt: new Date(Date.now() + 3_600_000).toISOString(),
            }),
            launchBrowser(),
        ]);
        await moveOpening(new Date(Date.now() + opensInSeconds * 1000));
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    it("shows the sale with a countdown to its opening", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, desktop);
            alice = { context, page: await openPage(context) };
            const { page } = alice;
            await waitForText(page.locator("#sale-product"), /^iPhone 11 Pro$/);
            await waitForText(page.locator("#sale-price"), /699\.00/);
            await waitForText(page.locator("#sale-stock"), /^1 of 1$/);
            await waitForText(page.locator("#sale-status"), /^Opens soon$/);
            await waitForText(page.locator("#countdown"), /^Opens in \d+:\d\d$/);
            assert.equal(await page.getByRole("button", { name: "Join the queue" }).isVisible(), false, "no Join before logging in");
            await shoot(page, "countdown");
        }));

    it("registers a shopper, whose Join button waits for the opening", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = alice;
            await register(page, "alice");
            const join = page.getByRole("button", { name: "Join the queue" });
            assert.equal(await join.isVisible(), true);
            assert.equal(await join.isDisabled(), true, "Join is disabled until the sale opens");
            await waitForText(liveRegion(page), /The queue opens when the countdown ends/);
            await shoot(page, "logged-in-before-opening");
        }));

    it("opens by itself when the countdown ends; the shopper joins, waits and gets a purchase token", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const { page } = alice;
            const join = page.getByRole("button", { name: "Join the queue" });
            await page.waitForFunction(() => !document.getElementById("join")?.disabled, null, {
                timeout: (opensInSeconds + 15) * 1000,
            });
            await waitForText(page.locator("#sale-status"), /^Open$/);
            await waitForText(liveRegion(page), /The sale is open/);
            assert.equal(await page.locator("#countdown").isVisible(), false);
            await shoot(page, "open");

            await join.click();
            const buy = page.getByRole("button", { name: "Buy now" });
            await buy.waitFor({ state: "visible" });
            // The embedded worker converts at once: the waiting message may have lasted a blink, but it was announced.
            const said = (await liveLog(page)).join(" | ");
            assert.match(said, /You are number 1 in the queue\./, `the live region said: ${said}`);
            await waitForText(liveRegion(page), /It is your turn/);
            await waitForText(page.locator("#token-left"), /^(59|60):\d\d$/);
            await shoot(page, "buy-now");
        }));

    it("keeps the shopper's place across a reload and in a second tab (same queue token)", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { context, page } = alice;
            const before = await storedQueueToken(page);
            assert.ok(before?.queueToken, "the queue token is kept in localStorage");

            await page.reload();
            await page.waitForSelector("body[data-ready='true']");
            await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
            assert.deepEqual(await storedQueueToken(page), before);

            const second = await openPage(context);
            await second.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
            assert.deepEqual(await storedQueueToken(second), before);
            await second.close();
        }));

    it("a second shopper, on a phone and with the keyboard only, also gets a turn", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, phone);
            const page = await openPage(context);
            bob = { context, page };
            const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

            for (let presses = 0; (await focused()) !== "username"; presses++) {
                assert.ok(presses < 4, "Tab reaches the username field");
                await page.keyboard.press("Tab");
            }
            await page.keyboard.type("bob");
            await page.keyboard.press("Tab");
            assert.equal(await focused(), "password");
            await page.keyboard.type("correct horse battery");
            await page.keyboard.press("Tab");
            assert.equal(await focused(), "log-in");
            await page.keyboard.press("Tab");
            assert.equal(await focused(), "register");
            await page.keyboard.press("Enter");
            await page.getByText("Signed in as bob").waitFor();

            assert.equal(await focused(), "join", "after logging in, the focus is on Join the queue");
            await page.keyboard.press("Enter");
            await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
            assert.match((await liveLog(page)).join(" | "), /You are number 2 in the queue\./);
            assert.equal(await focused(), "buy", "the focus moves to Buy now when the Join button goes");
            await shoot(page, "phone-second-shopper-buy-now");
        }));

    it("a third shopper is told, in plain sentences, of a wrong password and of the full queue", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, desktop);
            const page = await openPage(context);
            await page.getByLabel("Username").fill("carol");
            await page.getByLabel("Password").fill("not her password");
            await page.getByRole("button", { name: "Log in" }).click();
            await waitForText(page.getByRole("alert"), /^That username and password do not match an account\.$/);

            await page.getByRole("button", { name: "Create account" }).click();
            await page.getByText("Signed in as carol").waitFor();
            await page.getByRole("button", { name: "Join the queue" }).click();
            await waitForText(liveRegion(page), /^The queue is full right now\. Please try again in a little while\.$/);
            assert.equal(await page.getByRole("button", { name: "Join the queue" }).isEnabled(), true, "she may try again");
            await shoot(page, "queue-full");
            await context.close();
        }));

    it("the first shopper buys and sees the confirmation", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = alice;
            await page.getByRole("button", { name: "Buy now" }).click();
            const confirmation = page.getByRole("region", { name: "Order confirmed" });
            await confirmation.waitFor({ state: "visible" });
            await waitForText(page.locator("#confirmation-message"), /order is placed/i);
            await waitForText(page.locator("#order-product"), /^iPhone 11 Pro$/);
            await waitForText(page.locator("#order-id"), /^[0-9a-f-]{36}$/);
            await waitForText(page.locator("#sale-stock"), /^0 of 1$/);
            assert.equal(await page.getByRole("button", { name: "Buy now" }).isVisible(), false);
            await shoot(page, "confirmation");

            await page.reload();
            await page.waitForSelector("body[data-ready='true']");
            await confirmation.waitFor({ state: "visible" });
        }));

    it("the second shopper is told, in a plain sentence, that it is sold out", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = bob;
            await page.keyboard.press("Enter"); // Buy now still has the focus
            await waitForText(liveRegion(page), /^Sorry, it is sold out: every unit has been sold\.$/);
            await waitForText(page.locator("#sale-status"), /^Sold out$/);
            await waitForText(page.locator("#sale-stock"), /^0 of 1$/);
            const join = page.getByRole("button", { name: "Join the queue" });
            assert.equal(await join.isDisabled(), true, "no joining a sold-out sale");
            await shoot(page, "phone-sold-out");

            await page.reload();
            await page.waitForSelector("body[data-ready='true']");
            await waitForText(liveRegion(page), /sold out/);
            assert.equal(await join.isDisabled(), true);
        }));
});
