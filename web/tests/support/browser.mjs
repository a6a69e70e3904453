// Debian's Chromium driven by playwright-core (no browser download: executablePath), and the screenshots of each step.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { resultsDir } from "./stack.mjs";

export const chromiumPath = process.env.FLASHPURCHASE_CHROMIUM || "/usr/bin/chromium";

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };
/** A small phone: the operators' page and the picker must still fit. */
export const smallPhone = { width: 375, height: 667 };

/** A fresh headless Chromium (playwright gives each launch a new, empty profile directory). */
export async function launchBrowser() {
    return chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    });
}

/**
 * A browser context for one shopper (its own localStorage): English, UTC, the given viewport. The page's live region
 * is recorded into window.__liveLog, so a test can tell what it announced even when it changed quickly.
 */
export async function shopperContext(browser, baseURL, viewport = desktop) {
    const context = await browser.newContext({
        baseURL,
        viewport,
        locale: "en-GB",
        timezoneId: "UTC",
        deviceScaleFactor: 1,
        isMobile: viewport.width < 600,
        hasTouch: viewport.width < 600,
    });
    await context.addInitScript(() => {
        window.__liveLog = [];
        document.addEventListener("DOMContentLoaded", () => {
            const live = document.getElementById("queue-message");
            if (!live) {
                return;
            }
            new MutationObserver(() => {
                const text = live.textContent ?? "";
                if (text && window.__liveLog.at(-1) !== text) {
                    window.__liveLog.push(text);
                }
            }).observe(live, { childList: true, subtree: true, characterData: true });
        });
    });
    context.setDefaultTimeout(15_000);
    return context;
}

/** Numbered screenshots of one scenario: <resultsDir>/<scenario>-01-<step>.png... */
export function screenshots(scenario) {
    mkdirSync(resultsDir, { recursive: true });
    let count = 0;
    return async function shoot(page, step) {
        count++;
        const path = join(resultsDir, `${scenario}-${String(count).padStart(2, "0")}-${step}.png`);
        await page.screenshot({ path, fullPage: true, animations: "disabled" });
        return path;
    };
}

/** Waits until the page has rendered from what it loaded (the sale, the stored session). */
export async function openPage(context) {
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForSelector("body[data-ready='true']");
    return page;
}

/** The operators' page (/admin, which the API redirects to /admin/), once it has rendered. */
export async function openAdminPage(context) {
    const page = await context.newPage();
    await page.goto("/admin");
    await page.waitForSelector("body[data-ready='true']");
    return page;
}

/** Presses Tab until the focused element matches `selector`; fails after `maxPresses`. Returns the presses it took. */
export async function tabTo(page, selector, maxPresses = 30) {
    for (let presses = 0; ; presses++) {
        if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
            return presses;
        }
        if (presses === maxPresses) {
            const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
            throw new Error(`${maxPresses} presses of Tab did not reach ${selector}; the focus is on ${at}`);
        }
        await page.keyboard.press("Tab");
    }
}

/** Whether the page scrolls sideways (it should not, on a phone either). */
export async function scrollsSideways(page) {
    return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

export async function register(page, username, password = "correct horse battery") {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText(`Signed in as ${username}`).waitFor();
}

export function liveRegion(page) {
    return page.locator("#queue-message");
}

export async function liveLog(page) {
    return page.evaluate(() => window.__liveLog);
}

export async function storedQueueToken(page) {
    return page.evaluate(() => JSON.parse(localStorage.getItem("flashpurchase.queueToken") ?? "null"));
}

/**
 * Records this page's exchange calls (time, and the Retry-After each 202 asked for), to check that the page polls at
 * the server's pace.
 */
export function recordExchanges(page) {
    const calls = [];
    page.on("request", (request) => {
        if (request.url().endsWith("/api/queue/exchange-qt-for-pt")) {
            calls.push({ at: Date.now(), retryAfter: undefined, status: undefined, request });
        }
    });
    page.on("response", (response) => {
        const call = calls.find((candidate) => candidate.request === response.request());
        if (call) {
            call.status = response.status();
            const header = Number(response.headers()["retry-after"]);
            call.retryAfter = Number.isFinite(header) ? header : undefined;
        }
    });
    return calls;
}

/**
 * The steps of a scenario, run in order (one `it` each): once one fails, the later ones are skipped, since they
 * would only fail for the same reason. Use: `const step = sequence(); it("...", (t) => step(t, async () => {...}))`.
 */
export function sequence() {
    let failed = false;
    return async (t, fn) => {
        if (failed) {
            t.skip("an earlier step of this scenario failed");
            return;
        }
        try {
            await fn();
        } catch (error) {
            failed = true;
            throw error;
        }
    };
}

/** Waits until the element's text matches; fails with the text it last had. */
export async function waitForText(locator, pattern, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    let text = "";
    while (Date.now() < deadline) {
        text = (await locator.innerText().catch(() => "")).replace(/\s+/g, " ").trim();
        if (pattern.test(text)) {
            return text;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`expected text matching ${pattern} within ${timeout} ms; it was "${text}"`);
}
