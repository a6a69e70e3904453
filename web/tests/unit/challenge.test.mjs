// The client's bot-challenge solver (clients/typescript/src/challenge.ts): its SHA-256 against known vectors and
// node's own, the leading-zero count at byte boundaries, and nonces that verify.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { isSolved, leadingZeroBits, searchNonces, sha256, solveChallenge } from "../../.test-build/challenge.js";

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const nodeSha256 = (text) => createHash("sha256").update(text, "utf8").digest();
const nodeZeroBits = (text) => leadingZeroBits(new Uint8Array(nodeSha256(text)));

describe("sha256", () => {
    it("gives the FIPS 180-2 vectors", () => {
        assert.equal(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert.equal(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert.equal(
            hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        );
        assert.equal(hex(sha256("a".repeat(1_000_000))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    });

    it("agrees with node's at every length around the block and padding boundaries, and on UTF-8", () => {
        for (let length = 0; length <= 200; length++) {
            const text = "x".repeat(length);
            assert.equal(hex(sha256(text)), nodeSha256(text).toString("hex"), `length ${length}`);
        }
        assert.equal(hex(sha256("é€😀:1")), nodeSha256("é€😀:1").toString("hex"));
    });
});

describe("leadingZeroBits", () => {
    it("counts across byte boundaries", () => {
        const cases = [
            [[0x80, 0x00], 0],
            [[0x01, 0xff], 7],
            [[0x00, 0xff], 8],
            [[0x00, 0x80], 8],
            [[0x00, 0x7f], 9],
            [[0x00, 0x01], 15],
            [[0x00, 0x00, 0x40], 17],
            [[0x00, 0x00], 16],
        ];
        for (const [bytes, bits] of cases) {
            assert.equal(leadingZeroBits(new Uint8Array(bytes)), bits, JSON.stringify(bytes));
        }
    });
});

// A challenge as the server writes one: base64url payload "." base64url MAC, about 120 characters (two blocks).
const challenge = "AQ3x9kq1bq4r0S8Wm1n2b3v4c5x6z7a8s9d0f1g2h3j4k5l6AQ3x9kq1bq4r0S8Wm1n2b3v4c5x6z7a8.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

describe("searchNonces", () => {
    it("finds the first nonce whose hash, by node's SHA-256, starts with the difficulty's zero bits", () => {
        for (const difficulty of [0, 1, 4, 8, 12]) {
            const nonce = searchNonces(challenge, difficulty, 0, 1_000_000);
            assert.notEqual(nonce, null);
            assert.ok(nodeZeroBits(`${challenge}:${nonce}`) >= difficulty, `difficulty ${difficulty}`);
            for (let earlier = 0; earlier < nonce; earlier++) {
                assert.ok(nodeZeroBits(`${challenge}:${earlier}`) < difficulty, `${earlier} solved it first`);
            }
        }
    });

    it("counts across a change in the number of digits (9 → 10, 99 → 100)", () => {
        for (const from of [5, 95, 995]) {
            const nonce = searchNonces(challenge, 6, from, 100_000);
            assert.ok(nonce >= from);
            assert.ok(isSolved(`${challenge}:${nonce}`, 6));
            for (let earlier = from; earlier < nonce; earlier++) {
                assert.ok(!isSolved(`${challenge}:${earlier}`, 6));
            }
        }
    });

    it("gives up after count tries", () => {
        assert.equal(searchNonces(challenge, 256, 0, 100), null);
    });
});

describe("solveChallenge", () => {
    it("returns a solution that verifies, reporting progress", async () => {
        const reports = [];
        const solved = await solveChallenge(challenge, 10, { sliceSize: 100, onProgress: (n) => reports.push(n) });
        assert.equal(solved.solution, `${challenge}:${solved.nonce}`);
        assert.ok(nodeZeroBits(solved.solution) >= 10);
        assert.equal(solved.hashes, Number(solved.nonce) + 1);
        assert.ok(reports.length >= 1);
        assert.deepEqual(reports, [...reports].sort((a, b) => a - b));
        assert.equal(reports.at(-1), solved.hashes);
    });

    it("stops when its signal is aborted", async () => {
        const controller = new AbortController();
        const solving = solveChallenge(challenge, 64, {
            sliceSize: 1000,
            signal: controller.signal,
            onProgress: (n) => n >= 3000 && controller.abort(new Error("stop")),
        });
        await assert.rejects(solving, /stop/);
    });
});
