// The operators' page (/admin) with the waiting room, on the embedded default. The first operator comes from
// Admin__Username / Admin__Password. A shopper's account is turned away; the operator is shown the server's validation
// messages next to the fields, then schedules a sale opening in a few seconds; Sam (a small phone, keyboard only) picks
// it in the waiting room, joins and buys, and the operator's figures and chart show the join and the order. A pause
// (confirmed with the keyboard) turns Tess away with a plain sentence until the operator resumes; an edit is confirmed
// step by step, with a refusal in a plain sentence; a close is confirmed, and Escape cancels.
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
    scrollsSideways,
    sequence,
    shopperContext,
    smallPhone,
    tabTo,
    waitForText,
} from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const operator = { username: "olga", password: randomBytes(12).toString("base64url") };
const shopperPassword = "correct horse battery";
const product = "Pixel 9";
/** From the moment the operator schedules it: time enough for Sam to pick it and log in first. */
const opensInSeconds = 25;
const step = sequence();
const shoot = screenshots("operator");
let api;
let browser;
let olga; // { context, page }
let saleId;
let opensAt;

function card(page) {
    return page.getByRole("article", { name: product });
}

function figure(page, name) {
    return card(page).locator(`[data-figure="${name}"]`);
}

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim());

describe("the operators' page with the waiting room", { timeout: 240_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([
            startApi("operator", { Admin__Username: operator.username, Admin__Password: operator.password }),
            launchBrowser(),
        ]);
        const registered = await fetch(`${api.url}/api/auth/register`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: "sam", password: shopperPassword }),
        });
        assert.equal(registered.status, 201, "Sam's account is created");
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    it("/admin asks for an operator; a shopper's account is told, in a plain sentence, that it is not one", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, desktop);
            const page = await openAdminPage(context);
            olga = { context, page };
            assert.match(page.url(), /\/admin\/$/);
            await page.getByLabel("Username").fill("sam");
            await page.getByLabel("Password").fill(shopperPassword);
            await page.getByRole("button", { name: "Log in" }).click();
            await waitForText(page.locator("#login-message"), /^This account is not an operator\. Please log in with an operator's account\.$/);
            assert.equal(await page.locator("#console").isVisible(), false, "no sales for a shopper");
            assert.equal(await page.evaluate(() => localStorage.getItem("flashpurchase.operator")), null, "the token is not kept");
            await shoot(page, "not-an-operator");
        }));

    it("the operator logs in and sees the sales, soonest first, with figures that refresh by themselves", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            await page.getByLabel("Username").fill(operator.username);
            await page.getByLabel("Password").fill(operator.password);
            await page.getByRole("button", { name: "Log in" }).click();
            await page.getByText(`Signed in as ${operator.username}`).waitFor();
            const seeded = page.getByRole("article", { name: "iPhone 11 Pro" });
            await waitForText(seeded.locator(".sale-status"), /^Open$/);
            await waitForText(seeded.locator('[data-figure="stock"]'), /^100 of 100$/);
            await page.waitForFunction(() => Number(document.querySelector(".chart-svg")?.dataset.samples) >= 3, null, { timeout: 10_000 });
            assert.equal(await page.evaluate(() => document.activeElement?.id), "sales-heading", "the focus moves to the sales");
        }));

    it("the new-sale form shows the server's validation messages next to their fields", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            const form = page.locator("#new-sale-form");
            await form.getByLabel("Product").fill(product);
            await form.getByLabel("Units for sale").fill("0");
            await page.getByRole("button", { name: "Schedule the sale" }).click();
            await waitForText(page.locator("#new-price-error"), /^'Price' must not be empty\.$/);
            await waitForText(page.locator("#new-stock-error"), /^'Stock' must be greater than or equal to '1'\.$/);
            await waitForText(page.locator("#new-sale-message"), /^Please check the marked fields\.$/);
            assert.equal(await form.getByLabel("Price").getAttribute("aria-invalid"), "true");
            assert.equal(await form.getByLabel("Product").getAttribute("aria-invalid"), null);
            assert.equal(await page.evaluate(() => document.activeElement?.id), "new-price", "the focus goes to the first field to fix");
            await shoot(page, "validation");
        }));

    it("schedules a sale that opens in a few seconds", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            const form = page.locator("#new-sale-form");
            await form.getByLabel("Price").fill("499");
            await form.getByLabel("Units for sale").fill("2");
            opensAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + opensInSeconds * 1000);
            await form.getByLabel("Opens at").fill(opensAt.toISOString().slice(0, 19)); // the context's zone is UTC
            await form.getByLabel("Stays open for").fill("0:10:00");
            await page.getByRole("button", { name: "Schedule the sale" }).click();
            await waitForText(page.locator("#page-status"), new RegExp(`^${product} is scheduled: it opens `));
            await waitForText(card(page).locator(".sale-status"), /^Opens soon$/);
            await waitForText(figure(page, "stock"), /^2 of 2$/);
            assert.equal(await page.locator("#new-stock-error").isVisible(), false);
            assert.equal(await form.getByLabel("Product").inputValue(), "", "the form is ready for the next sale");
            const cards = await page.locator("article.sale-card h3").allInnerTexts();
            assert.deepEqual(cards, ["iPhone 11 Pro", product], "soonest first");
            saleId = await card(page).getAttribute("data-sale-id");
        }));

    it("a shopper on a small phone, with the keyboard only, picks the new sale, joins when it opens and buys", { timeout: 60_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, smallPhone);
            const page = await openPage(context);
            const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
            const choice = `button.sale-choice[data-sale-id="${saleId}"]`;
            // "Opens <time>" until the opening; on a very busy machine the page may load after it ("Open").
            await waitForText(page.locator(choice), new RegExp(`^${product} (Opens .*|Open) · €499\\.00$`));
            await tabTo(page, choice, 6);
            await page.keyboard.press("Enter");
            await waitForText(page.locator("#sale-product"), new RegExp(`^${product}$`));
            assert.equal(await page.locator(choice).getAttribute("aria-pressed"), "true");
            await waitForText(page.locator("#sale-status"), /^(Opens soon|Open)$/);

            await tabTo(page, "#username", 3);
            await page.keyboard.type("sam");
            await page.keyboard.press("Tab");
            await page.keyboard.type(shopperPassword);
            await page.keyboard.press("Tab");
            assert.equal(await focused(), "log-in");
            await page.keyboard.press("Enter");
            await page.getByText("Signed in as sam").waitFor();
            assert.equal(await scrollsSideways(page), false, "no sideways scrolling on a small phone");
            await shoot(page, "shopper-picked");

            await page.waitForFunction(() => !document.getElementById("join")?.disabled, null, {
                timeout: (opensInSeconds + 15) * 1000,
            });
            await tabTo(page, "#join", 3);
            await page.keyboard.press("Enter");
            await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible" });
            assert.equal(await focused(), "buy", "the focus moves to Buy now");
            await page.keyboard.press("Enter");
            await page.getByRole("region", { name: "Order confirmed" }).waitFor({ state: "visible" });
            await waitForText(page.locator("#order-product"), new RegExp(`^${product}$`));
            await waitForText(page.locator("#sale-stock"), /^1 of 2$/);
            await shoot(page, "shopper-bought");
            await context.close();
        }));

    it("the operator's figures and chart show the join and the order", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            await waitForText(card(page).locator(".sale-status"), /^Open$/);
            await waitForText(figure(page, "queued"), /^1$/);
            await waitForText(figure(page, "orders"), /^1$/);
            await waitForText(figure(page, "stock"), /^1 of 2$/);
            await waitForText(figure(page, "joinsPerMinute"), /^1$/);
            await waitForText(figure(page, "ordersPerMinute"), /^1$/);
            const chart = card(page).locator(".chart-svg");
            await page.waitForFunction(
                (id) => /1 join, 1 release, 1 order .*1 of 2 units left/.test(
                    document.querySelector(`article[data-sale-id="${id}"] .chart-svg`)?.getAttribute("aria-label") ?? ""),
                saleId,
                { timeout: 10_000 },
            );
            // The lines rose: the last point of each is above where it started (a smaller y is higher up).
            for (const line of ["joins", "orders"]) {
                const ys = (await chart.locator(`[data-line="${line}"]`).getAttribute("points")).split(" ").map((pair) => Number(pair.split(",")[1]));
                assert.ok(ys.at(-1) < ys[0], `the ${line} line rose: ${ys.join(" ")}`);
            }
            const stock = (await chart.locator('[data-line="stock"]').getAttribute("points")).split(" ").map((pair) => Number(pair.split(",")[1]));
            assert.ok(stock.at(-1) > stock[0], "the stock line fell");
            await shoot(page, "live-sale");
        }));

    it("a pause is confirmed with the keyboard; a shopper who joins is told so in a plain sentence, and gets in after the resume", { timeout: 60_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            await tabTo(page, `article[data-sale-id="${saleId}"] button[data-action="pause"]`);
            await page.keyboard.press("Enter");
            const dialog = page.getByRole("dialog", { name: `Pause the queue of ${product}?` });
            await dialog.waitFor({ state: "visible" });
            assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-cancel", "Cancel has the focus first");
            await page.keyboard.press("Tab");
            assert.equal(await focusedText(page), "Pause the queue");
            await page.keyboard.press("Enter");
            await dialog.waitFor({ state: "hidden" });
            await waitForText(card(page).locator(".sale-status"), /^Open, queue paused$/);
            await waitForText(page.locator("#page-status"), new RegExp(`^The queue of ${product} is paused\\.$`));
            assert.equal(await focusedText(page), "Resume the queue", "the focus is back on the same button, which now resumes");

            const context = await shopperContext(browser, api.url, desktop);
            const tess = await openPage(context);
            await tess.locator(`button.sale-choice[data-sale-id="${saleId}"]`).click();
            await register(tess, "tess");
            await tess.getByRole("button", { name: "Join the queue" }).click();
            await waitForText(liveRegion(tess), /^The queue is paused for a moment; we will try again in about 15 seconds\.$/);
            assert.equal(await tess.getByRole("button", { name: "Join the queue" }).isDisabled(), true, "the page tries again by itself");
            await shoot(tess, "shopper-paused");

            await page.getByRole("button", { name: "Resume the queue" }).click();
            await page.getByRole("dialog", { name: `Resume the queue of ${product}?` }).getByRole("button", { name: "Resume the queue" }).click();
            await waitForText(card(page).locator(".sale-status"), /^Open$/);
            await tess.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 25_000 });
            await tess.getByRole("button", { name: "Buy now" }).click();
            await tess.getByRole("region", { name: "Order confirmed" }).waitFor({ state: "visible" });
            await context.close();
            await waitForText(figure(page, "orders"), /^2$/);
            await waitForText(card(page).locator(".sale-status"), /^Sold out$/);
        }));

    it("an edit is confirmed step by step; a refusal is a plain sentence", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            await card(page).getByRole("button", { name: "Edit" }).click();
            const dialog = page.getByRole("dialog", { name: `Edit ${product}` });
            await dialog.waitFor({ state: "visible" });
            assert.equal(await dialog.getByLabel("Product").isDisabled(), true, "fixed once the sale has opened");
            assert.equal(await dialog.getByLabel("Units for sale").inputValue(), "2");

            await dialog.getByLabel("Units for sale").fill("1");
            await dialog.getByRole("button", { name: "Review the changes" }).click();
            await waitForText(dialog.locator("#edit-summary"), /^Units for sale: 2 → 1$/);
            await dialog.getByRole("button", { name: "Save the changes" }).click();
            await waitForText(dialog.locator("#edit-confirm-message"), /^The stock cannot be less than the orders already placed\.$/);
            await shoot(page, "edit-refused");

            await dialog.getByRole("button", { name: "Back" }).click();
            await dialog.getByLabel("Units for sale").fill("5");
            await dialog.getByRole("button", { name: "Review the changes" }).click();
            await waitForText(dialog.locator("#edit-summary"), /^Units for sale: 2 → 5$/);
            await dialog.getByRole("button", { name: "Save the changes" }).click();
            await dialog.waitFor({ state: "hidden" });
            await waitForText(page.locator("#page-status"), new RegExp(`^${product} is changed\\.$`));
            await waitForText(figure(page, "stock"), /^3 of 5$/);
            await waitForText(card(page).locator(".sale-status"), /^Open$/);
        }));

    it("a close is confirmed with the keyboard, and Escape cancels it", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const { page } = olga;
            const closeButton = `article[data-sale-id="${saleId}"] button[data-action="close"]`;
            await tabTo(page, closeButton);
            await page.keyboard.press("Enter");
            const dialog = page.getByRole("dialog", { name: `Close ${product} now?` });
            await dialog.waitFor({ state: "visible" });
            await page.keyboard.press("Escape");
            await dialog.waitFor({ state: "hidden" });
            assert.equal(await page.evaluate((selector) => document.activeElement?.matches(selector), closeButton), true);
            await waitForText(card(page).locator(".sale-status"), /^Open$/);

            await page.keyboard.press("Enter");
            await dialog.waitFor({ state: "visible" });
            await page.keyboard.press("Tab");
            assert.equal(await focusedText(page), "Close the sale");
            await page.keyboard.press("Enter");
            await dialog.waitFor({ state: "hidden" });
            await waitForText(card(page).locator(".sale-status"), /^Closed$/);
            assert.equal(await card(page).getByRole("button", { name: "Edit" }).isVisible(), false, "a closed sale has no actions");
            assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H3", "the focus goes to the sale's heading");
            await shoot(page, "closed");
        }));

    it("fits a small phone: no sideways scrolling, the chart as wide as the screen allows", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, smallPhone);
            const page = await openAdminPage(context);
            await page.getByLabel("Username").fill(operator.username);
            await page.getByLabel("Password").fill(operator.password);
            await page.getByRole("button", { name: "Log in" }).click();
            await waitForText(page.getByRole("article", { name: "iPhone 11 Pro" }).locator(".sale-status"), /^Open$/);
            await page.waitForFunction(() => Number(document.querySelector(".chart-svg")?.dataset.samples) >= 2);
            assert.equal(await scrollsSideways(page), false);
            const { right, width } = await page.locator(".chart-svg").first().evaluate((svg) => svg.getBoundingClientRect().toJSON());
            assert.ok(right <= smallPhone.width && width > 250, `the chart is ${width} px wide, ending at ${right}`);
            await shoot(page, "small-phone");
            await context.close();
        }));
});
