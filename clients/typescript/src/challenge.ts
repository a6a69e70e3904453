// The bot challenge's solver: find a nonce such that SHA-256 of the UTF-8 of `<challenge>:<nonce>` starts with
// `difficulty` zero bits, then send `<challenge>:<nonce>` in enter's `Queue-Challenge` header. The SHA-256 is
// synchronous plain JavaScript on purpose: crypto.subtle.digest is a promise per hash, far too slow for the
// thousands of hashes a second this needs. The prefix `<challenge>:` is the same for every nonce, so its whole
// 64-byte blocks are hashed once (the "midstate") and each try hashes only the last one or two blocks.

const K = Int32Array.from([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV = Int32Array.from([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Hashes the 64-byte block at `data[offset]` into `state` (8 words), using `w` (64 words) as scratch. */
function compress(state: Int32Array, w: Int32Array, data: Uint8Array, offset: number): void {
    for (let i = 0; i < 16; i++) {
        const j = offset + i * 4;
        w[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
    }
    for (let i = 16; i < 64; i++) {
        const x = w[i - 15];
        const y = w[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (let i = 0; i < 64; i++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
    }
    state[0] = (state[0] + a) | 0;
    state[1] = (state[1] + b) | 0;
    state[2] = (state[2] + c) | 0;
    state[3] = (state[3] + d) | 0;
    state[4] = (state[4] + e) | 0;
    state[5] = (state[5] + f) | 0;
    state[6] = (state[6] + g) | 0;
    state[7] = (state[7] + h) | 0;
}

/** Writes the padding and the bit length of a `total`-byte message whose last `used` bytes sit at `tail[0..used)`. */
function pad(tail: Uint8Array, used: number, total: number): number {
    tail[used] = 0x80;
    const blocks = used + 9 <= 64 ? 1 : 2;
    tail.fill(0, used + 1, blocks * 64);
    const bits = total * 8;
    const end = blocks * 64;
    // Messages here are far below 2^32 bits; the high word is written for correctness all the same.
    const high = Math.floor(bits / 0x100000000);
    tail[end - 8] = high >>> 24;
    tail[end - 7] = high >>> 16;
    tail[end - 6] = high >>> 8;
    tail[end - 5] = high;
    tail[end - 4] = bits >>> 24;
    tail[end - 3] = bits >>> 16;
    tail[end - 2] = bits >>> 8;
    tail[end - 1] = bits;
    return blocks;
}

function digestOf(state: Int32Array): Uint8Array {
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
        out[i * 4] = state[i] >>> 24;
        out[i * 4 + 1] = state[i] >>> 16;
        out[i * 4 + 2] = state[i] >>> 8;
        out[i * 4 + 3] = state[i];
    }
    return out;
}

/** SHA-256 of `data` (bytes, or a string taken as UTF-8), synchronously. */
export function sha256(data: Uint8Array | string): Uint8Array {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const state = Int32Array.from(IV);
    const w = new Int32Array(64);
    const whole = bytes.length - (bytes.length % 64);
    for (let offset = 0; offset < whole; offset += 64) {
        compress(state, w, bytes, offset);
    }
    const tail = new Uint8Array(128);
    tail.set(bytes.subarray(whole));
    const blocks = pad(tail, bytes.length - whole, bytes.length);
    for (let block = 0; block < blocks; block++) {
        compress(state, w, tail, block * 64);
    }
    return digestOf(state);
}

/** How many zero bits `hash` starts with, from the first byte's high bit. */
export function leadingZeroBits(hash: Uint8Array): number {
    let bits = 0;
    for (const byte of hash) {
        if (byte !== 0) {
            return bits + Math.clz32(byte) - 24;
        }
        bits += 8;
    }
    return bits;
}

/** True when SHA-256 of the UTF-8 of `solution` (`<challenge>:<nonce>`) starts with `difficulty` zero bits. */
export function isSolved(solution: string, difficulty: number): boolean {
    return leadingZeroBits(sha256(solution)) >= difficulty;
}

function leadingZeroBitsOfState(state: Int32Array): number {
    let bits = 0;
    for (let i = 0; i < 8; i++) {
        if (state[i] !== 0) {
            return bits + Math.clz32(state[i]);
        }
        bits += 32;
    }
    return bits;
}

/**
 * Tries the nonces `from`, `from + 1`, ... (`count` of them, decimal) and returns the first that solves the challenge,
 * or null. Synchronous: the building block of {@link solveChallenge}, which runs it in slices.
 */
export function searchNonces(challenge: string, difficulty: number, from: number, count: number): number | null {
    if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(count) || count < 0) {
        throw new RangeError("from and count must be non-negative safe integers");
    }
    const prefix = new TextEncoder().encode(`${challenge}:`);
    const whole = prefix.length - (prefix.length % 64);
    const midstate = Int32Array.from(IV);
    const w = new Int32Array(64);
    for (let offset = 0; offset < whole; offset += 64) {
        compress(midstate, w, prefix, offset);
    }
    const rest = prefix.length - whole;
    const tail = new Uint8Array(128);
    tail.set(prefix.subarray(whole));
    const state = new Int32Array(8);

    // The nonce as decimal digits, counted up in place rather than formatted for every try.
    const digits = Array.from(String(from), (ch) => ch.charCodeAt(0));
    for (let n = 0; n < count; n++) {
        for (let i = 0; i < digits.length; i++) {
            tail[rest + i] = digits[i];
        }
        const used = rest + digits.length;
        const blocks = pad(tail, used, whole + used);
        state.set(midstate);
        compress(state, w, tail, 0);
        if (blocks === 2) {
            compress(state, w, tail, 64);
        }
        if (leadingZeroBitsOfState(state) >= difficulty) {
            return from + n;
        }
        let i = digits.length - 1;
        while (i >= 0 && digits[i] === 57) {
            digits[i] = 48;
            i--;
        }
        if (i < 0) {
            digits.unshift(49);
        } else {
            digits[i]++;
        }
    }
    return null;
}

export interface SolveOptions {
    /** Called after every slice with the number of hashes tried so far. */
    onProgress?: (hashes: number) => void;
    /** Stops the search: the promise rejects with the signal's reason. */
    signal?: AbortSignal;
    /** Hashes per slice, between two progress reports and two looks at the signal (default 20,000). */
    sliceSize?: number;
    /** The first nonce to try (default 0). */
    startNonce?: number;
}

export interface SolvedChallenge {
    nonce: string;
    /** `<challenge>:<nonce>`: the value of enter's `Queue-Challenge` header. */
    solution: string;
    /** How many hashes it took. */
    hashes: number;
}

/**
 * Finds a nonce for `challenge` at `difficulty` (about 2^difficulty hashes on average). Works in slices, yielding to
 * the event loop between them so that `signal` (and a Worker's messages) are heard; run it in a Web Worker so the page
 * stays responsive.
 */
export async function solveChallenge(challenge: string, difficulty: number, options: SolveOptions = {}): Promise<SolvedChallenge> {
    if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > 256) {
        throw new RangeError(`difficulty must be an integer from 0 to 256, not ${difficulty}`);
    }
    const slice = Math.max(1, Math.floor(options.sliceSize ?? 20_000));
    const start = options.startNonce ?? 0;
    let next = start;
    for (;;) {
        options.signal?.throwIfAborted();
        const found = searchNonces(challenge, difficulty, next, slice);
        const hashes = (found === null ? next + slice : found + 1) - start;
        options.onProgress?.(hashes);
        if (found !== null) {
            const nonce = String(found);
            return { nonce, solution: `${challenge}:${nonce}`, hashes };
        }
        next += slice;
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
}
