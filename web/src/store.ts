// What survives a reload and is shared with the shopper's other tabs: the access token, the sale picked, the queue token
// (the place in the queue), the purchase token and the order. localStorage, so a second tab of the same browser keeps the same place.
import type { OrderView } from "../../clients/typescript/src/index.js";
import { msLeft } from "./core/schedule.js";

export interface StoredSession {
    username: string;
    accessToken: string;
    expiresAt: string;
}

export interface StoredQueueToken {
    username: string;
    saleId: string;
    queueToken: string;
    expiresAt: string;
    /** Undefined for a place taken in the pre-queue: its number is drawn at the opening. */
    position?: number;
}

export interface StoredPurchaseToken {
    username: string;
    saleId: string;
    purchaseToken: string;
    expiresAt: string;
}

export interface StoredOrder {
    username: string;
    order: OrderView;
    message?: string;
}

export const keys = {
    session: "flashpurchase.session",
    queueToken: "flashpurchase.queueToken",
    purchaseToken: "flashpurchase.purchaseToken",
    order: "flashpurchase.order",
    pickedSale: "flashpurchase.pickedSale",
} as const;

export type StoreKey = (typeof keys)[keyof typeof keys];

export function isStoreKey(key: string | null): key is StoreKey {
    return Object.values(keys).some((known) => known === key);
}

function read<T>(key: StoreKey): T | undefined {
    try {
        const text = localStorage.getItem(key);
        return text === null ? undefined : (JSON.parse(text) as T);
    } catch {
        return undefined; // storage disabled, or not JSON: as if nothing was stored
    }
}

function write(key: StoreKey, value: unknown | undefined): void {
    try {
        if (value === undefined) {
            localStorage.removeItem(key);
        } else {
            const text = JSON.stringify(value);
            if (localStorage.getItem(key) !== text) {
                localStorage.setItem(key, text); // unchanged values are not rewritten: other tabs see no event
            }
        }
    } catch {
        // Storage full or disabled: the page still works, a reload just loses the place on this side.
    }
}

export const store = {
    session(): StoredSession | undefined {
        const session = read<StoredSession>(keys.session);
        return session && msLeft(session.expiresAt) > 0 ? session : undefined;
    },
    setSession(session: StoredSession | undefined): void {
        write(keys.session, session);
    },

    /** The stored queue token of this shopper for this sale, while it is valid. */
    queueToken(username: string, saleId: string): StoredQueueToken | undefined {
        const token = read<StoredQueueToken>(keys.queueToken);
        return token && token.username === username && token.saleId === saleId && msLeft(token.expiresAt) > 0 ? token : undefined;
    },
    setQueueToken(token: StoredQueueToken | undefined): void {
        write(keys.queueToken, token);
    },

    purchaseToken(username: string, saleId: string): StoredPurchaseToken | undefined {
        const token = read<StoredPurchaseToken>(keys.purchaseToken);
        return token && token.username === username && token.saleId === saleId && msLeft(token.expiresAt) > 0 ? token : undefined;
    },
    setPurchaseToken(token: StoredPurchaseToken | undefined): void {
        write(keys.purchaseToken, token);
    },

    order(username: string, saleId: string): StoredOrder | undefined {
        const order = read<StoredOrder>(keys.order);
        return order && order.username === username && order.order.saleId === saleId ? order : undefined;
    },
    setOrder(order: StoredOrder | undefined): void {
        write(keys.order, order);
    },

    /** The sale the shopper picked last (its id), whoever is logged in: what the page shows while it is listed. */
    pickedSale(): string | undefined {
        const saleId = read<unknown>(keys.pickedSale);
        return typeof saleId === "string" ? saleId : undefined;
    },
    setPickedSale(saleId: string | undefined): void {
        write(keys.pickedSale, saleId);
    },

    /** Forgets the tokens of the purchase in progress (the session stays). */
    clearPurchase(): void {
        write(keys.queueToken, undefined);
        write(keys.purchaseToken, undefined);
    },

    /** Logging out: everything of the shopper goes; the sale picked stays (it is nobody's secret). */
    clearAll(): void {
        for (const key of Object.values(keys)) {
            if (key !== keys.pickedSale) {
                write(key, undefined);
            }
        }
    },
};
