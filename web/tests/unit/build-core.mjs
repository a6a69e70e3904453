// Compiles the page's pure modules (web/src/core, the two it imports, and the client's challenge solver) to JavaScript
// in web/.test-build (gitignored), file for file, and the TypeScript client (clients/typescript/src) to
// web/.test-build/client, so that `node --test` can run the unit tests next to this file without a browser or a
// TypeScript loader.
// esbuild only strips the types: `node build.mjs` (and so `npm run typecheck`) checks them.
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = join(webDir, ".test-build");
const core = readdirSync(join(webDir, "src", "core"))
    .filter((name) => name.endsWith(".ts"))
    .map((name) => `src/core/${name}`);

rmSync(outDir, { recursive: true, force: true });
await build({
    absWorkingDir: webDir,
    entryPoints: [...core, "src/format.ts", "src/problems.ts"],
    outbase: "src",
    outdir: outDir,
    bundle: false, // the imports stay as they are: ../format.js and ../problems.js are compiled alongside
    format: "esm",
    platform: "neutral",
    target: ["es2022"],
    logLevel: "warning",
});

// The client's bot-challenge solver, which the page's Worker runs: pure, so it is unit-tested here too.
await build({
    absWorkingDir: webDir,
    entryPoints: ["../clients/typescript/src/challenge.ts"],
    outfile: join(outDir, "challenge.js"),
    bundle: false,
    format: "esm",
    platform: "neutral",
    target: ["es2022"],
    logLevel: "warning",
});

// The client's typed layer (index.ts and the generated.ts and challenge.ts it imports), for its own unit tests (client.test.mjs).
await build({
    absWorkingDir: webDir,
    entryPoints: ["../clients/typescript/src/index.ts", "../clients/typescript/src/generated.ts", "../clients/typescript/src/challenge.ts"],
    outbase: "../clients/typescript/src",
    outdir: join(outDir, "client"),
    bundle: false,
    format: "esm",
    platform: "neutral",
    target: ["es2022"],
    logLevel: "warning",
});
