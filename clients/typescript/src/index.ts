// The FlashPurchase client. `generated.ts` is NSwag's output from the API's OpenAPI document (never edit it: run
// `bash scripts/generate-client.sh`); this file turns each call's every documented status into a value the caller
// can switch on: `kind` tells success from pending from refusal, and a refusal's `problem.code` is a closed union.
import {
    AdminSalesClient,
    AdminSaleView,
    ApiException,
    ApiProblem,
    ApiProblemCode,
    AuthClient,
    ExchangePendingResponse,
    IssuedAccessToken,
    OrderPlacedResponse,
    OrdersClient,
    OrderView,
    PurchaseTokenResponse,
    QueueChallenge,
    QueueClient,
    QueueTicket,
    RegisteredUser,
    SaleSettingsRequest,
    SalesClient,
    SaleView,
    ShopClient,
} from "./generated.js";

import { solveChallenge, SolveOptions } from "./challenge.js";

export * from "./generated.js";
export * from "./challenge.js";

/** The call succeeded; `status` is the HTTP status (200, 201...). */
export interface Ok<T, K extends string = "ok"> {
    kind: K;
    status: number;
    value: T;
}

/** The API refused: `problem.code` says why (sold_out, token_expired...). */
export interface Refused {
    kind: "problem";
    status: number;
    problem: ApiProblem;
    /** From Retry-After, on 503 and 429 refusals. */
    retryAfterSeconds?: number;
}

export type Outcome<T> = Ok<T> | Refused;

/** 202: the queue worker has not converted the queue token yet; ask again after `retryAfterSeconds`. */
export interface Pending extends Ok<ExchangePendingResponse, "pending"> {
    retryAfterSeconds: number;
}

export type ExchangeOutcome = Ok<PurchaseTokenResponse, "purchaseToken"> | Pending | Refused;

/** `placed` (201) the first time; `alreadyPlaced` (200) when the same purchase token is sent again. */
export type PurchaseOutcome = Ok<OrderPlacedResponse, "placed"> | Ok<OrderPlacedResponse, "alreadyPlaced"> | Refused;

export type ProblemCode = ApiProblemCode;

/** The fields of a sale an operator sends: every required one to create a sale, any subset to edit one. */
export type SaleSettings = Partial<SaleSettingsRequest>;

export interface FlashPurchaseApiOptions {
    /** The access token to send, read at every call (so a later log-in is picked up). */
    accessToken?: () => string | undefined;
    fetch?: (url: RequestInfo, init?: RequestInit) => Promise<Response>;
}

export class FlashPurchaseApi {
    private readonly auth: AuthClient;
    private readonly sales: SalesClient;
    private readonly queue: QueueClient;
    private readonly shop: ShopClient;
    private readonly orders: OrdersClient;
    private readonly adminSales: AdminSalesClient;

    constructor(baseUrl = "", options: FlashPurchaseApiOptions = {}) {
        const send = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
        const http = {
            fetch(url: RequestInfo, init?: RequestInit): Promise<Response> {
                const token = options.accessToken?.();
                const headers = new Headers(init?.headers);
                if (token) {
                    headers.set("Authorization", `Bearer ${token}`);
                }
                return send(url, { ...init, headers });
            },
        };
        this.auth = new AuthClient(baseUrl, http);
        this.sales = new SalesClient(baseUrl, http);
        this.queue = new QueueClient(baseUrl, http);
        this.shop = new ShopClient(baseUrl, http);
        this.orders = new OrdersClient(baseUrl, http);
        this.adminSales = new AdminSalesClient(baseUrl, http);
    }

    register(username: string, password: string): Promise<Outcome<RegisteredUser>> {
        return settle(this.auth.register({ username, password }), "ok");
    }

    logIn(username: string, password: string): Promise<Outcome<IssuedAccessToken>> {
        return settle(this.auth.issueToken({ username, password }), "ok");
    }

    currentSale(): Promise<Outcome<SaleView>> {
        return settle(this.sales.getCurrent(), "ok");
    }

    /** The scheduled, open and sold-out sales, soonest to open first. */
    listSales(): Promise<Outcome<SaleView[]>> {
        return settle(this.sales.list(), "ok");
    }

    sale(saleId: string): Promise<Outcome<SaleView>> {
        return settle(this.sales.get(saleId), "ok");
    }

    /**
     * Joins the queue of `saleId`, or of the current sale when none is given. `challengeSolution` (`<challenge>:<nonce>`,
     * see {@link solveChallenge}) goes in the `Queue-Challenge` header: a sale with a `challengeDifficulty` refuses a
     * newcomer without one (428 `challenge_required`, carrying a fresh challenge).
     */
    enterQueue(saleId?: string, challengeSolution?: string): Promise<Outcome<QueueTicket>> {
        return settle(this.queue.enter(saleId, challengeSolution), "ok");
    }

    /** A bot challenge for `saleId` (or the current sale), bound to this shopper and sale, valid five minutes. */
    challenge(saleId?: string): Promise<Outcome<QueueChallenge>> {
        return settle(this.queue.challenge(saleId), "ok");
    }

    /**
     * Joins the queue, solving the bot challenge when the sale asks one: tries `enter` (with `challengeSolution` if
     * given); on 428 `challenge_required` solves the challenge the refusal carries and tries again, at most
     * `attempts` times in all (default 3). Any other answer is returned as it is.
     */
    async enterQueueSolvingChallenge(
        saleId?: string,
        options: SolveOptions & { challengeSolution?: string; attempts?: number } = {},
    ): Promise<Outcome<QueueTicket>> {
        let solution = options.challengeSolution;
        const attempts = options.attempts ?? 3;
        for (let attempt = 1; ; attempt++) {
            const outcome = await this.enterQueue(saleId, solution);
            const problem = outcome.kind === "problem" ? outcome.problem : undefined;
            if (problem?.code !== "challenge_required" || !problem.challenge || attempt >= attempts) {
                return outcome;
            }
            solution = (await solveChallenge(problem.challenge, problem.difficulty ?? 0, options)).solution;
        }
    }

    /**
     * Leaves the queue of `saleId` (or of the current sale): 204 even when the shopper holds no place. From then on the
     * shopper's queue token and purchase token answer 410 token_revoked; joining again puts them at the back.
     */
    leaveQueue(saleId?: string): Promise<Outcome<void>> {
        return settle(this.queue.leave(saleId), "ok");
    }

    async exchange(queueToken: string): Promise<ExchangeOutcome> {
        try {
            const response = await this.queue.exchange({ queueToken });
            return { kind: "purchaseToken", status: response.status, value: response.result };
        } catch (error) {
            if (ApiException.isApiException(error) && error.status === 202) {
                const pending = error.result as ExchangePendingResponse;
                return {
                    kind: "pending",
                    status: 202,
                    value: pending,
                    retryAfterSeconds: retryAfter(error.headers) ?? pending.retryAfterSeconds,
                };
            }
            return refused(error);
        }
    }

    async purchase(purchaseToken: string): Promise<PurchaseOutcome> {
        try {
            const response = await this.shop.purchase({ purchaseToken });
            return { kind: response.status === 201 ? "placed" : "alreadyPlaced", status: response.status, value: response.result };
        } catch (error) {
            return refused(error);
        }
    }

    myOrders(): Promise<Outcome<OrderView[]>> {
        return settle(this.orders.getMine(), "ok");
    }

    order(orderId: string): Promise<Outcome<OrderView>> {
        return settle(this.orders.get(orderId), "ok");
    }

    /** Operators only (an access token with the admin role): 401 without a token, 403 for a shopper. */
    readonly admin = {
        createSale: (settings: SaleSettings): Promise<Outcome<AdminSaleView>> =>
            settle(this.adminSales.create(settings as SaleSettingsRequest), "ok"),
        sales: (): Promise<Outcome<AdminSaleView[]>> => settle(this.adminSales.list(), "ok"),
        sale: (saleId: string): Promise<Outcome<AdminSaleView>> => settle(this.adminSales.get(saleId), "ok"),
        editSale: (saleId: string, changes: SaleSettings): Promise<Outcome<AdminSaleView>> =>
            settle(this.adminSales.edit(saleId, changes as SaleSettingsRequest), "ok"),
        pause: (saleId: string): Promise<Outcome<AdminSaleView>> => settle(this.adminSales.pause(saleId), "ok"),
        resume: (saleId: string): Promise<Outcome<AdminSaleView>> => settle(this.adminSales.resume(saleId), "ok"),
        close: (saleId: string): Promise<Outcome<AdminSaleView>> => settle(this.adminSales.close(saleId), "ok"),
    };
}

async function settle<T>(call: Promise<{ status: number; result: T }>, kind: "ok"): Promise<Outcome<T>> {
    try {
        const response = await call;
        return { kind, status: response.status, value: response.result };
    } catch (error) {
        return refused(error);
    }
}

/** A documented refusal becomes a value; anything else (the network, a proxy's HTML page) stays an exception. */
function refused(error: unknown): Refused {
    if (ApiException.isApiException(error) && isProblem(error.result)) {
        return { kind: "problem", status: error.status, problem: error.result, retryAfterSeconds: retryAfter(error.headers) };
    }
    throw error;
}

function isProblem(value: unknown): value is ApiProblem {
    return typeof value === "object" && value !== null && typeof (value as ApiProblem).code === "string";
}

function retryAfter(headers: { [key: string]: unknown } | undefined): number | undefined {
    const value = Number(headers?.["retry-after"]);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
}
