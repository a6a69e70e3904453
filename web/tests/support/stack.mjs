// The API (and, on the real stack, the Worker) as real processes: the built dlls started with `dotnet`, on a free
// loopback port, with a database and broker of the test's own. scripts/browser-tests.sh says where things are through
// the environment; the defaults fit a Debug build of this repository.
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const configuration = process.env.FLASHPURCHASE_CONFIGURATION || "Debug";
export const webApiDll =
    process.env.FLASHPURCHASE_WEBAPI_DLL || join(repoRoot, "src/WebApi/bin", configuration, "net10.0/FlashPurchase.WebApi.dll");
export const workerDll =
    process.env.FLASHPURCHASE_WORKER_DLL || join(repoRoot, "src/Worker/bin", configuration, "net10.0/FlashPurchase.Worker.dll");
export const resultsDir = process.env.FLASHPURCHASE_BROWSER_RESULTS || join(repoRoot, "TestResults/browser");
export const runId = process.env.FLASHPURCHASE_BROWSER_RUN_ID || randomBytes(4).toString("hex");

const children = new Set();

// A test file that dies (a failed assertion in a hook, the runner's timeout) must not leave an API behind.
process.on("exit", () => {
    for (const child of children) {
        child.kill("SIGKILL");
    }
});

export async function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolvePort(port));
        });
    });
}

/** Starts `dotnet <dll>` with the given environment; its output goes to <resultsDir>/logs/<name>.log. */
function startProcess(name, dll, args, env) {
    const logs = join(resultsDir, "logs");
    mkdirSync(logs, { recursive: true });
    const logPath = join(logs, `${name}.log`);
    const log = openSync(logPath, "w");
    const child = spawn("dotnet", [dll, ...args], {
        cwd: dirname(dll),
        env: {
            ...process.env,
            DOTNET_NOLOGO: "1",
            DOTNET_CLI_TELEMETRY_OPTOUT: "1",
            Logging__Console__FormatterName: "simple",
            ...env,
        },
        stdio: ["ignore", log, log],
    });
    closeSync(log);
    children.add(child);
    const exited = new Promise((resolveExit) =>
        child.on("exit", (code, signal) => {
            children.delete(child);
            resolveExit({ code, signal });
        }),
    );
    return {
        name,
        logPath,
        child,
        exited,
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) {
                return;
            }
            child.kill("SIGTERM");
            let timer;
            const timeout = new Promise((resolveTimeout) => {
                timer = setTimeout(() => resolveTimeout("timeout"), 10_000);
            });
            const outcome = await Promise.race([exited, timeout]);
            clearTimeout(timer);
            if (outcome === "timeout") {
                child.kill("SIGKILL");
                await exited;
            }
        },
    };
}

async function waitFor(url, { process: proc, seconds = 90 } = {}) {
    const deadline = Date.now() + seconds * 1000;
    let last = "no answer";
    while (Date.now() < deadline) {
        if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
            throw new Error(`${proc.name} exited before answering ${url}; see ${proc.logPath}`);
        }
        try {
            const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
            if (response.ok) {
                return;
            }
            last = `HTTP ${response.status}`;
        } catch (error) {
            last = error.cause?.code ?? error.message;
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${url} did not answer 200 within ${seconds} s (last: ${last})${proc ? `; see ${proc.logPath}` : ""}`);
}

/**
 * The API on a free port. `env` adds settings (FlashSale__Stock, Database__Provider...); without a database setting
 * it gets a SQLite file of its own, removed by stop().
 */
export async function startApi(name, env = {}) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let sqlite;
    const settings = {
        ASPNETCORE_ENVIRONMENT: "Development",
        Passwords__HashIterations: "1000",
        ...env,
    };
    if (!settings.ConnectionStrings__Database) {
        sqlite = join(tmpdir(), `fp-browser-${runId}-${name}.db`);
        settings.ConnectionStrings__Database = `Data Source=${sqlite}`;
    }
    const api = startProcess(`api-${name}`, webApiDll, ["--urls", url], settings);
    try {
        await waitFor(`${url}/health/ready`, { process: api });
    } catch (error) {
        await api.stop();
        throw error;
    }
    return {
        url,
        logPath: api.logPath,
        async stop() {
            await api.stop();
            if (sqlite) {
                for (const suffix of ["", "-wal", "-shm", "-journal"]) {
                    rmSync(sqlite + suffix, { force: true });
                }
            }
        },
    };
}

/** The queue Worker of the real stack, with the API's settings. */
export function startWorker(name, env) {
    return startProcess(`worker-${name}`, workerDll, [], { DOTNET_ENVIRONMENT: "Development", ...env });
}

// --- the real stack's throwaway database and virtual host ---------------------------------------------------------

function parseConnectionString(text) {
    const values = {};
    for (const part of text.split(";")) {
        const at = part.indexOf("=");
        if (at > 0) {
            values[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
        }
    }
    return values;
}

export function realStackSettings() {
    const admin = process.env.FLASHPURCHASE_TEST_MYSQL_ADMIN;
    const amqp = process.env.FLASHPURCHASE_TEST_RABBITMQ_AMQP;
    const management = process.env.FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT;
    if (!admin || !amqp || !management) {
        return undefined;
    }
    const cs = parseConnectionString(admin);
    return {
        host: cs.server ?? cs.host ?? "127.0.0.1",
        port: cs.port ?? "3306",
        user: cs["user id"] ?? cs.user ?? cs.uid ?? cs.username,
        password: cs.password ?? cs.pwd ?? "",
        serverVersion: process.env.FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION,
        amqp: amqp.replace(/\/+$/, ""),
        management: new URL(management),
    };
}

function mariadb(stack, sql) {
    const client = ["mariadb", "mysql"].find((name) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0);
    if (!client) {
        throw new Error("Neither the mariadb nor the mysql command-line client is installed.");
    }
    const result = spawnSync(client, ["--protocol=TCP", `-h${stack.host}`, `-P${stack.port}`, `-u${stack.user}`, "-e", sql], {
        env: { ...process.env, MYSQL_PWD: stack.password },
        encoding: "utf8",
    });
    if (result.status !== 0) {
        throw new Error(`${client} failed (${sql}): ${result.stderr}`);
    }
}

async function management(stack, method, path) {
    const base = `${stack.management.protocol}//${stack.management.host}`;
    const auth = Buffer.from(`${decodeURIComponent(stack.management.username)}:${decodeURIComponent(stack.management.password)}`);
    const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Basic ${auth.toString("base64")}` } });
    if (!response.ok && !(method === "DELETE" && response.status === 404)) {
        throw new Error(`RabbitMQ management ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
}

export function throwawayName(id, suffix) {
    return `fptest_browser_${id}_${suffix}`;
}

/** Drops the database and the vhost called `name`, if they exist. */
export async function disposeThrowaway(stack, name) {
    const errors = [];
    try {
        mariadb(stack, `DROP DATABASE IF EXISTS \`${name}\``);
    } catch (error) {
        errors.push(error);
    }
    try {
        await management(stack, "DELETE", `/api/vhosts/${encodeURIComponent(name)}`);
    } catch (error) {
        errors.push(error);
    }
    if (errors.length > 0) {
        throw new AggregateError(errors, `cleaning up ${name} failed: ${errors.map((error) => error.message).join("; ")}`);
    }
}

/** A database fptest_browser_<run>_<suffix> and a vhost of the same name; dispose() drops both (safe to call twice). */
export async function throwawayStack(stack, suffix) {
    const name = throwawayName(runId, suffix);
    const dispose = () => disposeThrowaway(stack, name);
    try {
        mariadb(stack, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
        await management(stack, "PUT", `/api/vhosts/${encodeURIComponent(name)}`);
    } catch (error) {
        await dispose().catch(() => {});
        throw error;
    }
    const settings = {
        Database__Provider: "MySql",
        ConnectionStrings__Database: `Server=${stack.host};Port=${stack.port};Database=${name};User ID=${stack.user};Password=${stack.password}`,
        Messaging__Transport: "RabbitMq",
        ConnectionStrings__RabbitMq: `${stack.amqp}/${encodeURIComponent(name)}`,
        // Both processes sign and check tokens: the same keys of this run's own (the Worker signs purchase tokens,
        // the API checks them).
        Tokens__SigningKey: randomBytes(48).toString("base64"),
        Tokens__PurchaseSigningKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }),
    };
    if (stack.serverVersion) {
        settings.Database__ServerVersion = stack.serverVersion;
    }
    return { name, settings, dispose };
}
