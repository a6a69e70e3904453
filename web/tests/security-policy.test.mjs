// The Content-Security-Policy the API sends is one the pages can live with: the waiting room and the operators' page
// (no inline code at all) and the API documentation at /docs (Swagger UI, which starts with an inline script) run in
// Chromium without a single violation, on the embedded default with its default rate limits.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
    desktop,
    launchBrowser,
    openAdminPage,
    openPage,
    register,
    screenshots,
    sequence,
    shopperContext,
    waitForText,
} from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const step = sequence();
const shoot = screenshots("security-policy");
let api;
let browser;

/** Records every CSP violation the page reports (the event fires for blocked scripts, styles, fetches and frames). */
async function watchedContext() {
    const context = await shopperContext(browser, api.url, desktop);
    await context.addInitScript(() => {
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", (event) =>
            window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`));
    });
    return context;
}

async function violations(page) {
    return page.evaluate(() => window.__violations);
}

describe("the pages under their Content-Security-Policy", { timeout: 120_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([startApi("security-policy"), launchBrowser()]);
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    it("the waiting room loads, logs a shopper in and joins the queue without a violation", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const context = await watchedContext();
            const page = await openPage(context);
            const csp = (await page.request.get("/")).headers()["content-security-policy"];
            assert.match(csp, /script-src 'self';/, `the page's policy: ${csp}`);

            await waitForText(page.locator("#sale-product"), /^iPhone 11 Pro$/);
            await register(page, "policy-shopper");
            await page.getByRole("button", { name: "Join the queue" }).click();
            await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
            await shoot(page, "waiting-room");
            assert.deepEqual(await violations(page), []);
            await context.close();
        }));

    it("the operators' page logs the operator in, draws the live figures and opens a dialog without a violation", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const context = await watchedContext();
            const page = await openAdminPage(context);
            const csp = (await page.request.get("/admin/")).headers()["content-security-policy"];
            assert.match(csp, /script-src 'self';/, `the page's policy: ${csp}`);
            assert.match(csp, /style-src 'self';/, `the page's policy: ${csp}`);

            // Development's first operator (src/WebApi/appsettings.Development.json).
            await page.getByLabel("Username").fill("admin");
            await page.getByLabel("Password").fill("flashpurchase-admin");
            await page.getByRole("button", { name: "Log in" }).click();
            await page.getByText("Signed in as admin").waitFor();
            await page.waitForFunction(() => Number(document.querySelector(".chart-svg")?.dataset.samples) >= 2, null, { timeout: 10_000 });
            await page.locator("#new-sale-form").getByRole("button", { name: "Schedule the sale" }).click();
            await waitForText(page.locator("#new-productName-error"), /must not be empty/);
            await page.getByRole("button", { name: "Pause the queue" }).first().click();
            await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
            await shoot(page, "operator-page");
            assert.deepEqual(await violations(page), []);
            await context.close();
        }));

    it("the API documentation renders its operations without a violation", { timeout: 45_000 }, (t) =>
        step(t, async () => {
            const context = await watchedContext();
            const page = await context.newPage();
            const response = await page.goto("/docs/index.html");
            assert.match(response.headers()["content-security-policy"], /script-src 'self' 'unsafe-inline';/);

            await page.locator(".opblock-tag").first().waitFor();
            await page.locator(".opblock-tag", { hasText: "Queue" }).click();
            await page.locator(".opblock-summary-path", { hasText: "/api/queue/exchange-qt-for-pt" }).waitFor();
            await shoot(page, "docs");
            assert.deepEqual(await violations(page), []);
            await context.close();
        }));
});
