// Crash anywhere: with a few hundred requests in flight, the worker process is killed with
// SIGKILL at random moments and restarted. Afterwards every request has exactly one outcome, its
// reply was delivered, nobody got two different PINs for one request, and a re-sent reply carries
// the same Message-ID and PIN. Then SIGTERM under load: the worker drains and exits 0, and a new
// one finishes what was left, exactly once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPin } from "../../src/core/pin.js";
import { buildMail } from "../harness/mail.js";
import { loadCaughtMessage, readCaughtMessages } from "../harness/mail-sink.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { readLog, spawnWorker, type WorkerProcess } from "./worker-process.js";

const N = 200;
const people = Array.from({ length: N + 100 }, (_, i) => {
  const first = ["Amelie", "Benoit", "Celine", "Damien", "Estelle", "Florent", "Helene", "Ismael", "Josee", "Karim"][i % 10]!;
  const last = [
    "Archambault",
    "Boucher",
    "Cote",
    "Dufour",
    "Fournier",
    "Gagne",
    "Lapointe",
    "Mercier",
    "Ouellet",
    "Paquette",
    "Roussel",
    "Simard",
    "Tardif",
    "Vachon",
    "Bouchard",
  ][Math.floor(i / 10) % 15]!;
  const n = Math.floor(i / 150);
  return { firstName: first, lastName: n ? `${last}-${["Roy", "Lee"][n - 1]}` : last, email: `p${i}@crash.test` };
});

let h: Harness;
let logDir: string;
let workerEnv: Record<string, string>;

beforeAll(async () => {
  const records = {
    organizations: [
      {
        ref: "crash-org",
        name: "Crash Test Inc.",
        branches: [],
        users: [
          { role: "primary", firstName: "Pierre", lastName: "Primaire", email: "primary@crash.test", lastSignInAt: new Date().toISOString() },
          ...people.map((p) => ({ role: "secondary", ...p, lastSignInAt: null })),
        ],
      },
    ],
  };
  // The web role in-process (for the database and catcher); the worker runs as a child process.
  h = await startHarness({ records, role: "web" });
  logDir = mkdtempSync(join(tmpdir(), "pinmail-crash-"));
  workerEnv = {
    ...h.env,
    LOG_LEVEL: "info",
    WEB_PORT: "0",
    WORKER_CONCURRENCY: "8",
    JOB_LOCK_MS: "2000",
    JOB_STALLED_INTERVAL_MS: "1000",
    READER_LEASE_MS: "2000",
    RECONCILE_INTERVAL_MS: "1000",
    // A reply whose worker was killed mid-send waits for its delivery lease; local SMTP sends take ms.
    DELIVERY_LEASE_MS: "5000",
    REMINDERS_ENABLED: "false",
  };
});
afterAll(async () => {
  await h?.stop();
});

async function appendAll(list: typeof people): Promise<string[]> {
  const c = await h.imap();
  const ids: string[] = [];
  try {
    for (const p of list) {
      const m = buildMail({
        from: `${p.firstName} ${p.lastName} <${p.email}>`,
        subject: "PIN Reset",
        body: `First name: ${p.firstName}\nLast name: ${p.lastName}`,
      });
      await c.append(h.mailbox, m.raw);
      ids.push(m.messageId!);
    }
  } finally {
    await c.logout();
  }
  return ids;
}

async function waitDone(ids: string[], timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const done = await h.db.inboundRequest.count({ where: { messageKey: { in: ids }, state: { notIn: ["received", "processing"] } } });
    const pending = await h.db.outboundMessage.count({ where: { status: "pending" } });
    if (done === ids.length && pending === 0) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${done} of ${ids.length} done, ${pending} replies pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Checks the outcome of every request; returns the figures for the report. */
async function audit(ids: string[]) {
  const rows = await h.db.inboundRequest.findMany({ where: { messageKey: { in: ids } }, include: { pin: true, outbound: true } });
  const caught = await readCaughtMessages(h.smtp.dir);
  let duplicates = 0;
  let lost = 0;
  const problems: string[] = [];
  for (const r of rows) {
    if (r.state !== "answered" || r.outcome !== "pin-issued") problems.push(`${r.sender}: ${r.state}/${r.outcome} ${r.ignoredReason ?? r.reviewReason ?? ""}`);
    if (!r.pin) problems.push(`${r.sender}: no PIN row`);
    if (r.outbound.length !== 1) problems.push(`${r.sender}: ${r.outbound.length} outbox rows`);
    const copies = caught.filter((c) => c.to.includes(r.sender));
    if (copies.length === 0) {
      lost++;
      continue;
    }
    duplicates += copies.length - 1;
    const mails = await Promise.all(copies.map((c) => loadCaughtMessage(h.smtp.dir, c)));
    const pins = new Set(mails.map((m) => pinOf(m)));
    const mids = new Set(mails.map((m) => m.messageId));
    if (pins.size !== 1 || mids.size !== 1) problems.push(`${r.sender}: ${pins.size} different PINs, ${mids.size} Message-IDs in ${mails.length} copies`);
    const pin = [...pins][0]!;
    if (!pin || !r.pin || hashPin(pin, h.env.PIN_SECRET!) !== r.pin.hash) problems.push(`${r.sender}: the delivered PIN is not the one on record`);
  }
  return { rows: rows.length, duplicates, lost, problems };
}

describe("crash anywhere", () => {
  it(`kill -9 of the worker at random moments with ${N} requests in flight`, async () => {
    const t0 = Date.now();
    const appending = appendAll(people.slice(0, N));
    const log = join(logDir, "crash.log");
    let kills = 0;
    const rounds = 10;
    for (let i = 0; i < rounds && (await h.db.inboundRequest.count({ where: { state: "answered" } })) < N - 10; i++) {
      const connectedBefore = readLog(log).split('"msg":"mailbox connected"').length;
      const w = spawnWorker(workerEnv, log);
      // Kill at a random moment after this worker has taken the mailbox (start-up itself takes ~2 s).
      for (let t = 0; t < 200 && readLog(log).split('"msg":"mailbox connected"').length === connectedBefore; t++) await new Promise((r) => setTimeout(r, 50));
      // ...once a random number more of the requests are answered (or after at most 2.5 s), so
      // most kills land in the middle of the work.
      const answered = () => h.db.inboundRequest.count({ where: { state: "answered" } });
      const target = (await answered()) + 5 + Math.floor(Math.random() * 25);
      const until = Date.now() + 300 + Math.floor(Math.random() * 2200);
      while (Date.now() < until && (await answered()) < target) await new Promise((r) => setTimeout(r, 20));
      const done = await answered();
      await w.kill("SIGKILL");
      kills++;
      console.log(`[crash] kill -9 #${kills} after ${Date.now() - t0} ms (${done} answered so far)`);
    }
    const ids = await appending;
    const last = spawnWorker(workerEnv, log);
    try {
      const settle = await waitDone(ids, 150_000);
      const a = await audit(ids);
      console.log(
        `[crash] injected ${kills} SIGKILLs; requests ${ids.length}; rows ${a.rows}; settled ${settle} ms after the last restart; lost ${a.lost}; duplicate deliveries ${a.duplicates} (identical Message-ID and PIN); problems ${a.problems.length}${a.problems.length ? `: ${a.problems.slice(0, 5).join("; ")}` : ""}`,
      );
      expect(a.rows).toBe(ids.length);
      expect(a.lost).toBe(0);
      expect(a.problems).toEqual([]);
      const c = await h.imap();
      try {
        const st = await c.status(h.mailbox, { messages: true });
        expect(st && st.messages).toBe(0);
      } finally {
        await c.logout();
      }
    } finally {
      await last.kill("SIGKILL");
    }
  });

  it("SIGTERM under load: the worker drains and exits 0; a new one finishes the rest exactly once", async () => {
    const log = join(logDir, "sigterm.log");
    const w: WorkerProcess = spawnWorker(workerEnv, log);
    for (let t = 0; t < 300 && !readLog(log).includes('"msg":"mailbox connected"'); t++) await new Promise((r) => setTimeout(r, 50));
    const ids = await appendAll(people.slice(N, N + 100));
    // Under load: some answered, many still in flight.
    for (let t = 0; t < 300 && (await h.db.inboundRequest.count({ where: { messageKey: { in: ids }, state: "answered" } })) < 5; t++)
      await new Promise((r) => setTimeout(r, 50));
    const before = await h.db.inboundRequest.count({ where: { messageKey: { in: ids }, state: "answered" } });
    const t = Date.now();
    const exit = await Promise.race([
      w.kill("SIGTERM"),
      new Promise<{ code: null; signal: "timeout" }>((r) => setTimeout(() => r({ code: null, signal: "timeout" }), 30_000)),
    ]);
    const stopMs = Date.now() - t;
    const text = readLog(log);
    console.log(
      `[sigterm] SIGTERM with ${before} of ${ids.length} answered: exit ${JSON.stringify(exit)} after ${stopMs} ms; "stopped" logged: ${text.includes('"msg":"stopped"')}`,
    );
    expect(exit).toEqual({ code: 0, signal: null });
    expect(text).toContain('"msg":"stopped"');
    // Nothing half-done: every request is either untouched or completely decided.
    const half = await h.db.inboundRequest.count({ where: { messageKey: { in: ids }, state: "processing", outbound: { none: {} } } });
    expect(half).toBe(0);
    const again = spawnWorker(workerEnv, log);
    try {
      await waitDone(ids, 90_000);
      const a = await audit(ids);
      console.log(`[sigterm] after restart: rows ${a.rows}, lost ${a.lost}, duplicates ${a.duplicates}, problems ${a.problems.length}`);
      expect(a.lost).toBe(0);
      expect(a.problems).toEqual([]);
    } finally {
      await again.kill("SIGKILL");
    }
  });
});
