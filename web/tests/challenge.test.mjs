// The bot challenge in the waiting room, on the embedded default: an operator sets the open sale's challengeDifficulty
// to 8; a shopper's page solves the challenge in a Web Worker, says "Checking your browser… N hashes", and joins.
// Then the solver's pace in this Chromium is measured (hashes per second, in the page's own Worker) and printed, for
// the difficulty suggested in docs/waiting-room-challenge.md.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { desktop, launchBrowser, liveLog, liveRegion, openPage, register, screenshots, sequence, shopperContext } from "./support/browser.mjs";
import { startApi } from "./support/stack.mjs";

const difficulty = 8;
const step = sequence();
const shoot = screenshots("challenge");
let api;
let browser;
let page;

/** Sets the seeded (open) sale's challengeDifficulty as Development's first operator would from /admin. */
async function askChallenges() {
    const json = { "content-type": "application/json" };
    const issued = await fetch(`${api.url}/api/auth/token`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ username: "admin", password: "flashpurchase-admin" }),
    });
    assert.equal(issued.status, 200, "Development's operator logs in");
    const auth = { authorization: `Bearer ${(await issued.json()).accessToken}` };
    const [seeded] = await (await fetch(`${api.url}/api/admin/sales`, { headers: auth })).json();
    const edited = await fetch(`${api.url}/api/admin/sales/${seeded.saleId}`, {
        method: "PATCH",
        headers: { ...auth, ...json },
        body: JSON.stringify({ challengeDifficulty: difficulty }),
    });
    assert.equal(edited.status, 200, await edited.text());
}

describe("the waiting room at a sale that asks a bot challenge", { timeout: 120_000 }, () => {
    before(async () => {
        [api, browser] = await Promise.all([
            startApi("challenge", { FlashSale__OpensAt: new Date(Date.now() - 60_000).toISOString() }),
            launchBrowser(),
        ]);
        await askChallenges();
    });

    after(async () => {
        await browser?.close();
        await api?.stop();
    });

    it("solves the challenge in a Worker, showing the hashes, then joins", { timeout: 60_000 }, (t) =>
        step(t, async () => {
            const context = await shopperContext(browser, api.url, desktop);
            page = await openPage(context);
            await register(page, `carol-${Date.now()}`);
            const join = page.getByRole("button", { name: "Join the queue" });
            await page.waitForFunction(() => !document.getElementById("join")?.disabled);

            await join.click();

            await page.getByRole("button", { name: "Buy now" }).waitFor({ state: "visible", timeout: 30_000 });
            const said = (await liveLog(page)).join(" | ");
            assert.match(said, /Checking your browser… [\d,]+ hashes/, `the live region said: ${said}`);
            assert.match(said, /You are number \d+ in the queue\./, `the live region said: ${said}`);
            assert.match(await liveRegion(page).innerText(), /It is your turn/);
            await shoot(page, "joined");
        }));

    it("measures the solver's pace in this Chromium's Worker", { timeout: 30_000 }, (t) =>
        step(t, async () => {
            // A difficulty no one solves in two seconds: the Worker's progress reports count the hashes tried.
            const rate = await page.evaluate(async () => {
                const worker = new Worker(new URL("challenge-worker.js", document.baseURI));
                let hashes = 0;
                worker.onmessage = (event) => {
                    if (event.data.kind === "progress") {
                        hashes = event.data.hashes;
                    }
                };
                worker.postMessage({ challenge: "A".repeat(78) + "." + "B".repeat(43), difficulty: 64 });
                await new Promise((resolve) => setTimeout(resolve, 500)); // warm-up (the JIT)
                const [start, startedAt] = [hashes, performance.now()];
                await new Promise((resolve) => setTimeout(resolve, 2000));
                const rate = ((hashes - start) * 1000) / (performance.now() - startedAt);
                worker.terminate();
                return Math.round(rate);
            });
            t.diagnostic(`SHA-256 solver in Chromium's Worker: ${rate} hashes/s`);
            console.log(`[challenge] SHA-256 solver in Chromium's Worker: ${rate} hashes/s`);
            assert.ok(rate > 20_000, `${rate} hashes/s is far below what this solver does`);
        }));
});
