// A shop's checkout verifies purchase tokens with nothing but the JWKS URL, here with `jose` (an implementation the
// product does not use for signing): a real PT verifies, a tampered one does not, and across a key rotation a PT of
// the previous key verifies while that key is listed and fails (in jose and at the API's purchase) once it is removed.
// The API runs embedded (SQLite, in-memory broker, the Worker inside it), restarted on one database file with other
// keys, as an operator rotates them.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { runId, startApi } from "./support/stack.mjs";

const keyA = newPurchaseKey();
const keyB = newPurchaseKey();
const database = join(tmpdir(), `fp-jwks-${runId}.db`);
const common = {
    ConnectionStrings__Database: `Data Source=${database}`,
    // Production: the development keys are refused, as on a real deployment.
    ASPNETCORE_ENVIRONMENT: "Production",
    Tokens__SigningKey: randomBytes(48).toString("base64"),
    RateLimiting__Enabled: "false",
};
const expected = { algorithms: ["ES256"], issuer: "flashpurchase", audience: "flashpurchase-purchase", typ: "pt+jwt" };
let api;

/** A fresh P-256 private key in PKCS#8 PEM, as an operator makes one. */
function newPurchaseKey() {
    return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
}

async function call(method, path, { token, body } = {}) {
    const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A shopper's purchase token through the first two steps: register, sign in, enter, exchange until 200. */
async function purchaseTokenOfNewShopper(name) {
    const credentials = { username: `${name}_${randomBytes(3).toString("hex")}`, password: "a-long-enough-password" };
    assert.equal((await call("POST", "/api/auth/register", { body: credentials })).status, 201);
    const { accessToken } = (await call("POST", "/api/auth/token", { body: credentials })).body;
    const entered = await call("GET", "/api/queue/enter", { token: accessToken });
    assert.equal(entered.status, 200, JSON.stringify(entered.body));
    for (let attempt = 0; attempt < 60; attempt++) {
        const exchanged = await call("POST", "/api/queue/exchange-qt-for-pt", { token: accessToken, body: { queueToken: entered.body.queueToken } });
        if (exchanged.status === 200) {
            return { accessToken, purchaseToken: exchanged.body.purchaseToken };
        }
        assert.equal(exchanged.status, 202, JSON.stringify(exchanged.body));
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number(exchanged.headers.get("retry-after") ?? 1), 2) * 1000));
    }
    throw new Error(`${name}'s queue token was not converted in time`);
}

/** Verifies as a shop would: a JWKS fetched from the API (a fresh cache each time), ES256 only, our issuer and audience. */
function verify(token) {
    return jwtVerify(token, createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`)), expected);
}

async function restart(name, settings) {
    await api?.stop();
    api = await startApi(name, { ...common, ...settings });
}

function flipSignatureByte(token) {
    const [header, payload, signature] = token.split(".");
    const bytes = Buffer.from(signature, "base64url");
    bytes[10] ^= 0x01;
    return `${header}.${payload}.${bytes.toString("base64url")}`;
}

describe("purchase tokens verified with jose against /.well-known/jwks.json", { timeout: 180_000 }, () => {
    let first; // a PT of key A, bought with while A is a previous key
    let second; // a PT of key A, offered after A was removed

    after(async () => {
        await api?.stop();
        for (const suffix of ["", "-wal", "-shm", "-journal"]) {
            rmSync(database + suffix, { force: true });
        }
    });

    it("a real purchase token verifies; the same token tampered with does not", { timeout: 60_000 }, async () => {
        await restart("jwks-key-a", { Tokens__PurchaseSigningKey: keyA });
        const jwks = await call("GET", "/.well-known/jwks.json");
        assert.equal(jwks.headers.get("cache-control"), "public, max-age=300");
        assert.equal(jwks.body.keys.length, 1);
        first = await purchaseTokenOfNewShopper("jwks_first");
        second = await purchaseTokenOfNewShopper("jwks_second");

        const { payload, protectedHeader } = await verify(first.purchaseToken);
        assert.equal(protectedHeader.alg, "ES256");
        assert.equal(protectedHeader.kid, jwks.body.keys[0].kid);
        assert.match(payload.sub, /^[0-9a-f-]{36}$/);
        assert.match(payload.sale_id, /^[0-9a-f-]{36}$/);
        assert.ok(payload.exp > Date.now() / 1000);

        // The first shopper's token rewritten to name the second shopper, the signature kept.
        const [header, , signature] = first.purchaseToken.split(".");
        const secondsSub = JSON.parse(Buffer.from(second.purchaseToken.split(".")[1], "base64url")).sub;
        assert.notEqual(secondsSub, payload.sub);
        const edited = Buffer.from(JSON.stringify({ ...payload, sub: secondsSub })).toString("base64url");
        await assert.rejects(verify(`${header}.${edited}.${signature}`), errors.JWSSignatureVerificationFailed);
        await assert.rejects(verify(flipSignatureByte(first.purchaseToken)), errors.JWSSignatureVerificationFailed);
    });

    it("after a rotation, a token of the previous key verifies while that key is listed, and buys", { timeout: 60_000 }, async () => {
        await restart("jwks-key-b-previous-a", { Tokens__PurchaseSigningKey: keyB, Tokens__PreviousPurchaseKeys__0: keyA });
        const kids = (await call("GET", "/.well-known/jwks.json")).body.keys.map((key) => key.kid);
        assert.equal(kids.length, 2, "the current key, then the previous one");
        assert.equal(kids[1], (await verify(first.purchaseToken)).protectedHeader.kid);

        const bought = await call("POST", "/api/shop/purchase", { token: first.accessToken, body: { purchaseToken: first.purchaseToken } });
        assert.equal(bought.status, 201, JSON.stringify(bought.body));
    });

    it("once the previous key is removed, its tokens fail in jose and the API answers 400 invalid_token", { timeout: 60_000 }, async () => {
        await restart("jwks-key-b", { Tokens__PurchaseSigningKey: keyB });
        assert.equal((await call("GET", "/.well-known/jwks.json")).body.keys.length, 1);

        await assert.rejects(verify(second.purchaseToken), errors.JWKSNoMatchingKey);
        const refused = await call("POST", "/api/shop/purchase", { token: second.accessToken, body: { purchaseToken: second.purchaseToken } });
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "invalid_token");

        // The control: a new token, of the current key, verifies.
        assert.equal((await verify((await purchaseTokenOfNewShopper("jwks_third")).purchaseToken)).protectedHeader.alg, "ES256");
    });
});
