// The waiting room on the real stack (MariaDB/MySQL, RabbitMQ, the Worker as its own process), where waiting is real:
// the API starts without a Worker, so queue tokens stay pending and the page shows the place in the queue, polling at
// the server's pace, across a reload and in a second tab; then the Worker starts and the page turns to "Buy now" by
// itself. The database fptest_browser_* and the vhost of the same name are dropped at the end, whatever happens.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
    desktop,
    launchBrowser,
    liveRegion,
    openPage,
    phone,
    recordExchanges,
    register,
    screenshots,
    sequence,
    shopperContext,
    storedQueueToken,
    waitForText,
} from "./support/browser.mjs";
import { realStackSettings, startApi, startWorker, throwawayStack } from "./support/stack.mjs";

const servers = realStackSettings();
const step = sequence();
const shoot = screenshots("real-stack");
let stack;
let api;
let worker;
let browser;
let rita; // { context, page, exchanges, secondTab }
let sam;

describe(
    "the waiting room on the real stack",
    {
        timeout: 240_000,
        skip: servers ? false : "FLASHPURCHASE_TEST_MYSQL_ADMIN / _RABBITMQ_AMQP / _RABBITMQ_MANAGEMENT are not set (scripts/ensure-services.sh)",
    },
    () => {
        before(async () => {
            stack = await throwawayStack(servers, "real");
            [api, browser] = await Promise.all([
                startApi("real-stack", { ...stack.settings, FlashSale__Stock: "2" }),
                launchBrowser(),
            ]);
        });

        after(async () => {
            // Every step of the clean-up runs, whichever fails.
            const results = await Promise.allSettled([browser?.close(), worker?.stop(), api?.stop()]);
            results.push(...(await Promise.allSettled([stack?.dispose()])));
            const failures = results.filter((result) => result.status === "rejected");
            if (failures.length > 0) {
                throw new AggregateError(failures.map((failure) => failure.reason), "clean-up failed");
            }
        });

        it("with no Worker running, a shopper who joins sees the place in the queue, checked at the server's pace", { timeout: 60_000 }, (t) =>
            step(t, async () => {
                const context = await shopperContext(browser, api.url, desktop);
                const page = await openPage(context);
                rita = { context, page, exchanges: recordExchanges(page) };
                await register(page, "rita");
                await page.getByRole("button", { name: "Join the queue" }).click();

                await waitForText(liveRegion(page), /^You are number 1 in the queue\. You are next\. Estimated wait: about \d+ seconds? until the next check\./);
                assert.equal(await liveRegion(page).getAttribute("aria-live"), "polite");
                await shoot(page, "waiting");

                // Watch long enough for the next check after the first 202, whatever Retry-After the server gave.
                const deadline = Date.now() + 5_000;
                while (!rita.exchanges.some((call) => call.status === 202) && Date.now() < deadline) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                const first = rita.exchanges.find((call) => call.status === 202);
                assert.ok(first, "the page asked to exchange its queue token and was told to wait (202)");
                const retryAfter = first.retryAfter ?? 1;
                await new Promise((resolve) => setTimeout(resolve, Math.min(20, retryAfter * 2 + 1.5) * 1000));
                const calls = rita.exchanges;
                assert.ok(calls.length >= 2, `the page checked again by itself (${calls.length} call(s))`);
                // (300 ms of slack for when the browser reports each request to this process; a tight loop would
                // show gaps of a few milliseconds)
                for (let i = 1; i < calls.length; i++) {
                    const asked = Math.max(1, calls[i - 1].retryAfter ?? 1) * 1000;
                    const gap = calls[i].at - calls[i - 1].at;
                    assert.ok(gap >= asked - 300, `exchange call ${i + 1} came ${gap} ms after the previous one; the server asked for ${asked} ms`);
                }
            }));

        it("a second shopper, on a phone, is number 2", { timeout: 30_000 }, (t) =>
            step(t, async () => {
                const context = await shopperContext(browser, api.url, phone);
                const page = await openPage(context);
                sam = { context, page };
                await register(page, "sam");
                await page.getByRole("button", { name: "Join the queue" }).click();
                await waitForText(liveRegion(page), /^You are number 2 in the queue\. 1 shopper is ahead of you\. Estimated wait: about \d+ seconds?/);
                await shoot(page, "phone-second-shopper-waiting");
            }));

        it("a reload keeps the place: the same queue token, the same number, and the server agrees", { timeout: 30_000 }, (t) =>
            step(t, async () => {
                const { page } = rita;
                const before = await storedQueueToken(page);
                assert.equal(before?.position, 1);

                await page.reload();
                await page.waitForSelector("body[data-ready='true']");
                await waitForText(liveRegion(page), /^You are number 1 in the queue\. You are next\. Estimated wait/);
                assert.deepEqual(await storedQueueToken(page), before);
                await shoot(page, "waiting-after-reload");

                // Joining again (what another device would do) answers the very same place.
                const session = await page.evaluate(() => JSON.parse(localStorage.getItem("flashpurchase.session") ?? "null"));
                const response = await fetch(`${api.url}/api/queue/enter`, {
                    headers: { authorization: `Bearer ${session.accessToken}` },
                });
                assert.equal(response.status, 200);
                const ticket = await response.json();
                assert.equal(ticket.queueToken, before.queueToken);
                assert.equal(ticket.position, 1);
            }));

        it("a second tab shows the same place", { timeout: 30_000 }, (t) =>
            step(t, async () => {
                rita.secondTab = await openPage(rita.context);
                await waitForText(liveRegion(rita.secondTab), /^You are number 1 in the queue\./);
                assert.deepEqual(await storedQueueToken(rita.secondTab), await storedQueueToken(rita.page));
            }));

        it("when the Worker starts, the page turns to Buy now by itself", { timeout: 90_000 }, (t) =>
            step(t, async () => {
                const { page, secondTab } = rita;
                await page.evaluate(() => {
                    window.__sameDocument = true; // gone if the page were reloaded
                });
                worker = startWorker("real-stack", stack.settings);
                const buy = page.getByRole("button", { name: "Buy now" });
                await buy.waitFor({ state: "visible", timeout: 75_000 });
                assert.equal(await page.evaluate(() => window.__sameDocument), true, "no reload was needed");
                await waitForText(liveRegion(page), /It is your turn/);
                await waitForText(page.locator("#token-left"), /^\d+:\d\d$/);
                await shoot(page, "buy-now");
                await secondTab.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 30_000 });
                await sam.page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 30_000 });
            }));

        it("buys, and both tabs show the confirmation", { timeout: 30_000 }, (t) =>
            step(t, async () => {
                const { page, secondTab } = rita;
                await page.getByRole("button", { name: "Buy now" }).click();
                await page.getByRole("region", { name: "Order confirmed" }).waitFor({ state: "visible" });
                await waitForText(page.locator("#confirmation-message"), /order is placed/i);
                await waitForText(page.locator("#sale-stock"), /^1 of 2$/);
                await shoot(page, "confirmation");
                await secondTab.getByRole("region", { name: "Order confirmed" }).waitFor({ state: "visible" });
            }));
    },
);
