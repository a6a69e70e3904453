// The purchase flow written against a client that openapi-typescript and openapi-fetch make from the document alone
// (no NSwag): if the document stops describing a call, a body or an answer the way an integrator needs, this file no
// longer type-checks. It is compiled, never run (scripts/check-openapi.sh).
// Every field that cannot be null is required in the document, so the answers below are used without checking each
// field: were the document to make them optional again, this would no longer compile.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type Problem = components["schemas"]["ApiProblem"];

export async function buyOneUnit(baseUrl: string, username: string, password: string): Promise<string> {
    const client = createClient<paths>({ baseUrl });

    const login = await client.POST("/api/auth/token", { body: { username, password } });
    if (!login.data) throw problem(login.error);
    const authorization = { Authorization: `Bearer ${login.data.accessToken}` };

    const sale = await client.GET("/api/sales/current");
    if (!sale.data) throw problem(sale.error);

    // Step 1: join the queue of that sale.
    const ticket = await client.GET("/api/queue/enter", { params: { query: { saleId: sale.data.saleId } }, headers: authorization });
    if (!ticket.data) throw problem(ticket.error);

    // Step 2: exchange the queue token, at the pace of retryAfterSeconds while the queue worker has not converted it.
    for (;;) {
        const exchange = await client.POST("/api/queue/exchange-qt-for-pt", {
            body: { queueToken: ticket.data.queueToken },
            headers: authorization,
        });
        if (exchange.error) throw problem(exchange.error);
        if (exchange.response.status === 202) {
            const pending = exchange.data as components["schemas"]["ExchangePendingResponse"];
            await new Promise((resolve) => setTimeout(resolve, pending.retryAfterSeconds * 1000));
            continue;
        }

        // Step 3: spend the purchase token.
        const purchaseToken = (exchange.data as components["schemas"]["PurchaseTokenResponse"]).purchaseToken;
        const order = await client.POST("/api/shop/purchase", { body: { purchaseToken }, headers: authorization });
        if (!order.data) throw problem(order.error);
        return order.data.orderId;
    }
}

function problem(error: Problem | undefined): Error {
    return new Error(`${error?.status ?? "?"} ${error?.code ?? "no problem document"}: ${error?.detail ?? error?.title ?? ""}`);
}
