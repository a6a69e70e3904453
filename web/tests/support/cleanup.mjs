// Drops what a browser-test run may have left on the real stack's servers (its database and vhost), whatever state
// the tests ended in: scripts/browser-tests.sh runs it last. Quiet when there is nothing to drop.
import { disposeThrowaway, realStackSettings, runId, throwawayName } from "./stack.mjs";

const servers = realStackSettings();
if (servers && process.env.FLASHPURCHASE_BROWSER_RUN_ID) {
    await disposeThrowaway(servers, throwawayName(runId, "real"));
}
