// The typed client's wrapper (clients/typescript/src/index.ts) against a fake fetch: the request it sends, and each
// documented answer as a value. Here: leaving the queue.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlashPurchaseApi } from "../../.test-build/client/index.js";

/** A client whose fetch records the request and answers `status` with `body` (a problem document when given). */
function clientAnswering(status, body) {
    const requests = [];
    const api = new FlashPurchaseApi("http://shop.test", {
        accessToken: () => "access-token",
        fetch: async (url, init) => {
            requests.push({ url: String(url), method: init?.method, authorization: new Headers(init?.headers).get("authorization") });
            return body === undefined
                ? new Response(null, { status })
                : new Response(JSON.stringify(body), { status, headers: { "content-type": "application/problem+json" } });
        },
    });
    return { api, requests };
}

const problem = (status, code) => ({ type: `urn:flashpurchase:problem:${code}`, title: code, status, detail: "…", traceId: "t", code });

describe("leaveQueue", () => {
    it("sends DELETE /api/queue/place?saleId= with the access token; 204 is ok", async () => {
        const { api, requests } = clientAnswering(204);
        const outcome = await api.leaveQueue("sale 1");
        assert.equal(outcome.kind, "ok");
        assert.equal(outcome.status, 204);
        assert.deepEqual(requests, [
            { url: "http://shop.test/api/queue/place?saleId=sale%201", method: "DELETE", authorization: "Bearer access-token" },
        ]);
    });

    it("without a sale, leaves the current sale's queue (no saleId in the query)", async () => {
        const { api, requests } = clientAnswering(204);
        assert.equal((await api.leaveQueue()).kind, "ok");
        assert.equal(requests[0].url, "http://shop.test/api/queue/place");
    });

    it("an unknown sale (404) and an ended session (401) are refusals with their code", async () => {
        for (const [status, code] of [
            [404, "not_found"],
            [401, "unauthorized"],
        ]) {
            const { api } = clientAnswering(status, problem(status, code));
            const outcome = await api.leaveQueue("gone");
            assert.equal(outcome.kind, "problem");
            assert.equal(outcome.status, status);
            assert.equal(outcome.problem.code, code);
        }
    });

    it("an answer that is not one of the API's documents stays an exception", async () => {
        const { api } = clientAnswering(502);
        await assert.rejects(api.leaveQueue("s1"));
    });
});
