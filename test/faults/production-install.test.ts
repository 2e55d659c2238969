// The tree the Docker image holds, built here without Docker: `npm run build` into a temporary
// folder next to package.json, the lock file, bin/, templates/ and prisma/migrations (no src/),
// then `npm ci --omit=dev --omit=optional --ignore-scripts` as the Dockerfile runs it. That install
// must run `pinmail migrate`, `import-records`, `start` and `worker` with no development package,
// answer a request (sender authentication on: MAIL_AUTHSERV_ID set, an Authentication-Results
// header on the request), serve HEALTH_PORT, and stop gracefully on SIGTERM with work in flight:
// exit 0, reader lease released, what was left answered exactly once by the next worker.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { ImapFlow } from "imapflow";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages, waitForMessages } from "../harness/mail-sink.js";
import { localServersEnv, pinOf } from "../harness/pinmail.js";
import { strongSecret } from "../harness/secrets.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const AUTHSERV = "mx.pinmail.test";
const DEV_PACKAGES = ["tsx", "esbuild", "vitest", "typescript", "prisma", "smtp-server", "@biomejs/biome", "playwright-core", "oauth2-mock-server"];

let dir: string;
let logDir: string;
let testDb: TestDb;
let db: Db;
let smtp: SmtpCatcher;
let redis: Redis;
let env: Record<string, string>;
const tag = `t${randomBytes(4).toString("hex")}`;
const mailbox = `Tests/${tag}`;
const svc = serviceEnv();
const timings: Record<string, number> = {};

const users = Array.from({ length: 12 }, (_, i) => ({
  role: i === 0 ? "primary" : "secondary",
  firstName: ["Amelie", "Benoit", "Celine", "Damien", "Estelle", "Florent", "Helene", "Ismael", "Josee", "Karim", "Louise", "Martin"][i]!,
  lastName: "Prodtest",
  email: `p${i}@prod.test`,
  lastSignInAt: null,
}));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A pinmail command of the production install, in a bare environment (PATH only, no NODE_ENV). */
function pinmailSync(args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, "bin/pinmail.js"), ...args], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Proc {
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

function spawnPinmail(role: string, extra: Record<string, string>, logName: string): Proc {
  const log = join(logDir, logName);
  const fd = openSync(log, "a");
  const child = spawn(process.execPath, [join(dir, "bin/pinmail.js"), role], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", ...env, ...extra },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  return { child, log, exited };
}

const readLog = (p: Proc) => (existsSync(p.log) ? readFileSync(p.log, "utf8") : "");

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
  p?: Proc,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${p ? `\n--- log ---\n${readLog(p).slice(-3000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function imap(): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: svc["IMAP_HOST"]!,
    port: Number(svc["IMAP_PORT"]),
    secure: false,
    auth: { user: svc["IMAP_USER"]!, pass: svc["IMAP_PASSWORD"]! },
    logger: false,
    doSTARTTLS: false,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  await c.connect();
  return c;
}

function requestMail(u: (typeof users)[number]) {
  return buildMail({
    from: `${u.firstName} ${u.lastName} <${u.email}>`,
    subject: "PIN Reset",
    body: `Hello,\nFirst name: ${u.firstName}\nLast name: ${u.lastName}\nThanks`,
    headers: { "Authentication-Results": `${AUTHSERV}; spf=pass smtp.mailfrom=prod.test; dkim=pass header.d=prod.test; dmarc=pass header.from=prod.test` },
  });
}

async function append(list: typeof users): Promise<string[]> {
  const c = await imap();
  try {
    const ids: string[] = [];
    for (const u of list) {
      const m = requestMail(u);
      await c.append(mailbox, m.raw);
      ids.push(m.messageId!);
    }
    return ids;
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pinmail-prod-"));
  logDir = mkdtempSync(join(tmpdir(), "pinmail-prod-logs-"));
  let t = Date.now();
  // What the Dockerfile's runtime stage copies: no src/, no scripts/, no tests.
  for (const f of ["package.json", "package-lock.json"]) cpSync(join(ROOT, f), join(dir, f));
  for (const d of ["bin", "templates"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  mkdirSync(join(dir, "prisma"));
  cpSync(join(ROOT, "prisma/migrations"), join(dir, "prisma/migrations"), { recursive: true });
  const build = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--out-dir", join(dir, "dist")], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  timings.build = Date.now() - t;
  t = Date.now();
  const ci = spawnSync("npm", ["ci", "--omit=dev", "--omit=optional", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, npm_config_loglevel: "error", NODE_ENV: "production" },
  });
  if (ci.status !== 0) throw new Error(`npm ci --omit=dev failed:\n${ci.stdout}\n${ci.stderr}`);
  timings.npmCi = Date.now() - t;

  testDb = await createTestDb({ migrate: false });
  db = createDb(testDb.url);
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-prod-smtp-")), lmtp: false });
  redis = new Redis(svc["REDIS_URL"]!, { maxRetriesPerRequest: 1 });
  const c = await imap();
  await c.mailboxCreate(mailbox).catch(() => undefined);
  await c.logout();
  env = {
    ...localServersEnv({ databaseUrl: testDb.url, tag, mailbox, smtpPort: smtp.port }),
    MAIL_FROM: "PIN Reset <pinmail@pinmail.test>",
    MAIL_AUTHSERV_ID: AUTHSERV,
    REQUIRE_SENDER_AUTH: "true",
    PIN_SECRET: strongSecret(),
    ENROLLMENT_API_TOKEN: strongSecret(),
    WEB_HOST: "127.0.0.1",
    WEB_PORT: "0",
    READER_LEASE_MS: "3000",
    REMINDERS_ENABLED: "false",
    LOG_LEVEL: "info",
    // As the image and the units set it: production checks (MAIL_AUTHSERV_ID required).
    NODE_ENV: "production",
  };
}, 480_000);

afterAll(async () => {
  console.log(
    `[production-install] build ${timings.build} ms, npm ci --omit=dev ${timings.npmCi} ms, worker start-up (spawn to mailbox connected) ${timings.workerStartup} ms, start role ${timings.startStartup} ms, SIGTERM to exit with work in flight ${timings.drain} ms`,
  );
  await db?.$disconnect();
  await testDb?.drop();
  await smtp?.close();
  if (redis) {
    const keys = await redis.keys(`pmtest-${tag}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  const c = await imap().catch(() => null);
  if (c) {
    for (const m of [`${mailbox}/Processed`, `${mailbox}/Attention`, mailbox]) await c.mailboxDelete(m).catch(() => undefined);
    await c.logout();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a production install (npm ci --omit=dev + dist/)", () => {
  it("holds the compiled code and no development package", () => {
    expect(existsSync(join(dir, "dist/cli/main.js"))).toBe(true);
    expect(existsSync(join(dir, "dist/generated/prisma/client.js"))).toBe(true);
    expect(existsSync(join(dir, "dist/web/static/dashboard.css"))).toBe(true);
    expect(existsSync(join(dir, "src"))).toBe(false);
    const present = DEV_PACKAGES.filter((p) => existsSync(join(dir, "node_modules", p)));
    expect(present).toEqual([]);
    expect(existsSync(join(dir, "node_modules/@prisma/client"))).toBe(true);
  });

  it("migrates an empty database and imports records", () => {
    const m = pinmailSync(["migrate"]);
    expect(m.err).toBe("");
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/migration\(s\) applied/);
    const file = join(logDir, "records.json");
    writeFileSync(file, JSON.stringify({ organizations: [{ ref: "prod-org", name: "Prod Test Inc.", branches: [], users }] }));
    const r = pinmailSync(["import-records", file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/users\s+created 12/);
    // A development-only command says so instead of failing on a missing file.
    const demo = pinmailSync(["demo", "--no-requests"]);
    expect(demo.code).toBe(1);
    expect(demo.err).toMatch(/needs a development checkout/);
  });

  it("`pinmail start` answers a request with sender authentication, serves HEALTH_PORT, and drains on SIGTERM", async () => {
    const healthPort = await freePort();
    const t0 = Date.now();
    const p = spawnPinmail("start", { HEALTH_PORT: String(healthPort) }, "start.log");
    try {
      await waitFor("mailbox connected", () => readLog(p).includes('"msg":"mailbox connected"'), 30_000, p);
      timings.startStartup = Date.now() - t0;
      // The web server and the mailbox reader start side by side: either may log first.
      await waitFor("web server listening", () => readLog(p).includes('"msg":"web server listening"'), 30_000, p);
      const web = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"web server listening"/.exec(readLog(p))?.[1];
      expect(web).toBeTruthy();
      expect((await fetch(`${web}/healthz`)).status).toBe(200);
      const health = `http://127.0.0.1:${healthPort}`;
      expect(await (await fetch(`${health}/healthz`)).json()).toEqual({ ok: true });
      expect(await waitFor("ready", async () => (await fetch(`${health}/readyz`)).status === 200, 20_000, p)).toBe(true);
      expect(await (await fetch(`${health}/metrics`)).text()).toMatch(/pinmail_requests_total/);
      expect((await fetch(`${health}/nothing`)).status).toBe(404);

      await append([users[1]!]);
      const [reply] = await waitForMessages(smtp.dir, (r) => r.to.includes(users[1]!.email), { timeoutMs: 30_000 });
      expect(reply!.to).toEqual([users[1]!.email]);
      expect(pinOf(reply!)).toMatch(/^\d{8}$/);
      const row = await db.inboundRequest.findFirstOrThrow({ where: { sender: users[1]!.email } });
      expect(row.outcome).toBe("pin-issued");

      // Work in flight, then SIGTERM: the process finishes or hands back its jobs and exits 0.
      const ids = await append(users.slice(2));
      await waitFor("the first of the batch answered", async () => (await readCaughtMessages(smtp.dir)).length >= 2, 30_000, p);
      const tStop = Date.now();
      p.child.kill("SIGTERM");
      const code = await Promise.race([p.exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 60_000))]);
      timings.drain = Date.now() - tStop;
      expect(code).toBe(0);
      expect(readLog(p)).toMatch(/"msg":"stopped"/);
      expect(await redis.get(`pmtest-${tag}:reader-lease`)).toBeNull();

      // A compiled worker takes over at once (the lease was released, not left to expire) and
      // answers what is left, each request exactly once.
      const wPort = await freePort();
      const t1 = Date.now();
      const w = spawnPinmail("worker", { HEALTH_PORT: String(wPort) }, "worker.log");
      try {
        await waitFor("worker mailbox connected", () => readLog(w).includes('"msg":"mailbox connected"'), 30_000, w);
        timings.workerStartup = Date.now() - t1;
        expect((await fetch(`http://127.0.0.1:${wPort}/healthz`)).status).toBe(200);
        await waitFor("ready", async () => (await fetch(`http://127.0.0.1:${wPort}/readyz`)).status === 200, 20_000, w);
        const caught = await waitForMessages(smtp.dir, () => true, { count: users.length - 1, timeoutMs: 60_000 });
        const perAddress = new Map<string, number>();
        for (const c of caught) for (const to of c.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
        expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
        expect(perAddress.size).toBe(users.length - 1);
        const answered = await db.inboundRequest.count({ where: { messageKey: { in: ids }, outcome: "pin-issued", state: "answered" } });
        expect(answered).toBe(ids.length);
      } finally {
        w.child.kill("SIGTERM");
        expect(await w.exited).toBe(0);
      }
    } finally {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    }
  });
});
