// The waiting-room controls on the embedded default: the operator sets a sale's release pace, its limit of shoppers
// buying at once and its time to buy on /admin (read back through the admin API); with one shopper buying at a time,
// Ann gets her turn and Ben is told he is next; Ann leaves the queue with its button (her old tokens are then refused
// as token_revoked), which lets Ben through, and she joins again at the back.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
    desktop,
    launchBrowser,
    liveRegion,
    openAdminPage,
    openPage,
    register,
    screenshots,
    sequence,
    shopperContext,
    storedQueueToken,
    waitForText,
} from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const operator = { username: "otto", password: randomBytes(12).toString("base64url") };
const product = "iPhone 11 Pro"; // the sale Development seeds, open from the start
const json = { "content-type": "application/json" };
const step = sequence();
const shoot = screenshots("release-controls");
let api;
let browser;
let operatorToken;
let saleId;
let ann; // { context, page }
let ben;

async function adminSale() {
    const response = await fetch(`${api.url}/api/admin/sales/${saleId}`, { headers: { authorization: `Bearer ${operatorToken}` } });
    assert.equal(response.status, 200);
    return response.json();
}

/** A shopper's call with the access token her page holds. */
async function asShopper(page, path, body) {
    const { accessToken } = await page.evaluate(() => JSON.parse(localStorage.getItem("flashpurchase.session")));
    return fetch(`${api.url}${path}`, { method: "POST", headers: { ...json, authorization: `Bearer ${accessToken}` }, body: JSON.stringify(body) });
}

describe("the waiting-room controls: pace, one shopper buying at a time, leaving", { timeout: 180_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([
            startApi("release-controls", { Admin__Username: operator.username, Admin__Password: operator.password }),
            launchBrowser(),
        ]);
        const issued = await fetch(`${api.url}/api/auth/token`, { method: "POST", headers: json, body: JSON.stringify(operator) });
        operatorToken = (await issued.json()).accessToken;
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    it("the operator sets the release pace, the shoppers buying at once and the time to buy; they are stored", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, desktop);
            const page = await openAdminPage(context);
            await page.getByLabel("Username").fill(operator.username);
            await page.getByLabel("Password").fill(operator.password);
            await page.getByRole("button", { name: "Log in" }).click();
            const card = page.getByRole("article", { name: product });
            await waitForText(card.locator(".sale-status"), /^Open$/);
            saleId = await card.getAttribute("data-sale-id");
            await waitForText(card.locator('[data-figure="releaseRate"]'), /^as fast as the queue moves$/);

            await card.getByRole("button", { name: "Edit" }).click();
            const dialog = page.getByRole("dialog", { name: `Edit ${product}` });
            await dialog.waitFor({ state: "visible" });
            assert.equal(await dialog.getByLabel("Pre-queue before opening").isDisabled(), true, "fixed once the sale has opened");
            await dialog.getByLabel("Release pace").fill("60");
            await dialog.getByLabel("Shoppers buying at once").fill("1");
            await dialog.getByLabel("Time to buy").fill("0:02:00");
            await dialog.getByRole("button", { name: "Review the changes" }).click();
            await waitForText(dialog.locator("#edit-summary"), /Release pace \(shoppers per minute\): as fast as the queue moves → 60 a minute/);
            await waitForText(dialog.locator("#edit-summary"), /Shoppers buying at once: no limit → 1/);
            await dialog.getByRole("button", { name: "Save the changes" }).click();
            await dialog.waitFor({ state: "hidden" });
            await waitForText(card.locator('[data-figure="buyingNow"]'), /^0 of 1 at most$/);
            await waitForText(card.locator('[data-figure="purchaseWindow"]'), /^00:02:00$/);
            await shoot(page, "operator-set-controls");

            const stored = await adminSale();
            assert.equal(stored.releaseRate, 60);
            assert.equal(stored.maxActiveShoppers, 1);
            assert.equal(stored.purchaseWindow, "00:02:00");
            await context.close();
        }));

    it("one shopper buying at a time: Ann gets her turn and her time to buy, Ben is told he is next", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            for (const [name, set] of [["ann", (s) => (ann = s)], ["ben", (s) => (ben = s)]]) {
                const context = await shopperContext(browser, api.url, desktop);
                const page = await openPage(context);
                set({ context, page });
                await register(page, name);
                await page.getByRole("button", { name: "Join the queue" }).click();
                if (name === "ann") {
                    await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
                    await waitForText(page.locator("#token-left"), /^(1:5\d|2:00)$/);
                }
            }
            await waitForText(liveRegion(ben.page), /You are number 2 in the queue\. You are next\./);
            assert.equal(await ben.page.getByRole("button", { name: "Leave the queue" }).isEnabled(), true, "a waiting shopper may leave");
            await shoot(ben.page, "ben-is-next");
            assert.equal((await adminSale()).figures.activePurchaseTokens, 1);
        }));

    it("Ann leaves the queue: her old tokens are revoked, Ben gets his turn, and Ann can join again at the back", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const { page } = ann;
            const queueToken = (await storedQueueToken(page)).queueToken;
            const { purchaseToken } = await page.evaluate(() => JSON.parse(localStorage.getItem("flashpurchase.purchaseToken")));
            await page.getByRole("button", { name: "Leave the queue" }).click();
            await waitForText(liveRegion(page), /^You left the queue and your place went to the next shopper\. You can join again, at the back of the queue\.$/);
            assert.equal(await storedQueueToken(page), null, "the place is forgotten");
            assert.equal(await page.getByRole("button", { name: "Buy now" }).isVisible(), false);
            await shoot(page, "ann-left");

            for (const [path, body] of [
                ["/api/queue/exchange-qt-for-pt", { queueToken }],
                ["/api/shop/purchase", { purchaseToken }],
            ]) {
                const refused = await asShopper(page, path, body);
                assert.equal(refused.status, 410, path);
                assert.equal((await refused.json()).code, "token_revoked", path);
            }

            await ben.page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 20_000 });

            await page.getByRole("button", { name: "Join the queue" }).click();
            await waitForText(liveRegion(page), /You are number 3 in the queue\. You are next\./);
            await shoot(page, "ann-joined-again");
            await ann.context.close();
            await ben.context.close();
        }));
});
