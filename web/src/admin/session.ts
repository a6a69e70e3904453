// The operator's access token, kept apart from the shopper's (web/src/store.ts): one browser can be an operator at
// /admin and a shopper at / at once, and logging out of one leaves the other. localStorage, so a reload keeps it.
import { msLeft } from "../core/schedule.js";

export interface OperatorSession {
    username: string;
    accessToken: string;
    expiresAt: string;
}

const key = "flashpurchase.operator";

export const operatorSession = {
    get(): OperatorSession | undefined {
        try {
            const text = localStorage.getItem(key);
            const session = text === null ? undefined : (JSON.parse(text) as OperatorSession);
            return session && msLeft(session.expiresAt) > 0 ? session : undefined;
        } catch {
            return undefined; // storage disabled, or not JSON: as if logged out
        }
    },
    set(session: OperatorSession | undefined): void {
        try {
            if (session) {
                localStorage.setItem(key, JSON.stringify(session));
            } else {
                localStorage.removeItem(key);
            }
        } catch {
            // Storage full or disabled: the page works until it is reloaded.
        }
    },
};
