// SMTP trouble, injected with the catcher's hooks: 4xx for a while then recovery, 5xx, a
// connection dropped after DATA (before the 250), and a very slow server.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { buildMail } from "../harness/mail.js";
import { loadCaughtMessage, readCaughtMessages } from "../harness/mail-sink.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";

const FIRST = ["Ada", "Bela", "Cyril", "Dora", "Emil", "Flora", "Gaston", "Hilda"];
const LAST = ["Roy", "Caron", "Poirier", "Leclerc", "Girard"];
const people = FIRST.flatMap((f) => LAST.map((l) => ({ firstName: f, lastName: l, email: `${f}.${l}@smtp-faults.test`.toLowerCase() })));

/** What the hooks do for each recipient; set by each test. */
type Mode = "ok" | "tempfail" | "permfail" | "drop-after-data" | "slow";
const modes = new Map<string, Mode>();
const dropped: Buffer[] = [];
let smtp: SmtpCatcher;
let h: Harness;

beforeAll(async () => {
  smtp = await startSmtpCatcher({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), "pinmail-smtp-faults-")),
    lmtp: false,
    hooks: {
      onRcptTo: (address) => {
        const mode = modes.get(address);
        if (mode === "tempfail") throw Object.assign(new Error("4.3.2 try again later"), { responseCode: 451 });
        if (mode === "permfail") throw Object.assign(new Error("5.1.1 no such user"), { responseCode: 550 });
      },
      onData: async (raw, session) => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const mode = modes.get(to[0]!);
        if (mode === "slow") await new Promise((r) => setTimeout(r, 3000));
        if (mode === "drop-after-data") {
          modes.set(to[0]!, "ok"); // once
          dropped.push(raw);
          // The whole message arrived; the connection dies before the 250 is written.
          for (const conn of (smtp.server as unknown as { connections: Set<{ session: unknown; _socket: { destroy(): void } }> }).connections) {
            if (conn.session === session) conn._socket.destroy();
          }
          await new Promise(() => undefined);
        }
      },
    },
  });
  const records = {
    organizations: [
      {
        ref: "smtp-org",
        name: "SMTP Faults Ltd.",
        branches: [],
        users: [
          { role: "primary", firstName: "Pia", lastName: "Primary", email: "pia@smtp-faults.test", lastSignInAt: new Date().toISOString() },
          ...people.map((p) => ({ role: "secondary", ...p, lastSignInAt: null })),
        ],
      },
    ],
  };
  h = await startHarness({
    records,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_RETRY_BASE_MS: "250",
      SMTP_RETRY_ATTEMPTS: "12",
      JOB_LOCK_MS: "1000",
      JOB_STALLED_INTERVAL_MS: "1000",
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await smtp?.close();
});

let next = 0;
async function request(mode: Mode) {
  const p = people[next++]!;
  modes.set(p.email, mode);
  const mail = buildMail({
    from: `${p.firstName} ${p.lastName} <${p.email}>`,
    subject: "PIN Reset",
    body: `First name: ${p.firstName}\nLast name: ${p.lastName}`,
  });
  await h.append(mail.raw);
  return { ...p, messageId: mail.messageId! };
}

async function outboxFor(messageId: string, until: (o: { status: string }) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await h.db.inboundRequest.findUnique({ where: { messageKey: messageId }, include: { outbound: true } });
    const o = row?.outbound[0];
    if (row && o && until(o)) return { row, o };
    if (Date.now() > deadline) throw new Error(`${messageId}: outbox ${o?.status ?? "missing"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const caughtFor = async (email: string) =>
  Promise.all((await readCaughtMessages(smtp.dir)).filter((r) => r.to.includes(email)).map((r) => loadCaughtMessage(smtp.dir, r)));

describe("SMTP faults", () => {
  it("temporary 4xx for a while, then recovery: delivered once, same message", async () => {
    const p = await request("tempfail");
    await outboxFor(p.messageId, (o) => o.status === "pending" && true, 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // the server refuses for ~3 s
    modes.set(p.email, "ok");
    const { row, o } = await outboxFor(p.messageId, (x) => x.status === "sent");
    const got = await caughtFor(p.email);
    console.log(`[smtp] 451 for 3 s, then accepted: ${o.attempts} attempts, ${got.length} delivered, request ${row.state}`);
    expect(o.attempts).toBeGreaterThan(1);
    expect(got.length).toBe(1);
    expect(got[0]!.messageId).toBe(o.messageId);
    expect(row.state).toBe("answered");
  });

  it("permanent 5xx: the reply is marked undeliverable and the request goes to review", async () => {
    const p = await request("permfail");
    const { o } = await outboxFor(p.messageId, (x) => x.status !== "pending");
    const row = await h.db.inboundRequest.findUniqueOrThrow({ where: { messageKey: p.messageId } });
    console.log(`[smtp] 550: outbox ${o.status} after ${o.attempts} attempt(s); request ${row.state}: ${row.reviewReason}`);
    expect(o.status).toBe("undeliverable");
    expect(o.attempts).toBe(1);
    expect(row.state).toBe("review");
    expect(row.reviewReason).toMatch(/undeliverable/);
    expect(await caughtFor(p.email)).toEqual([]);
  });

  it("a connection dropped after DATA: at most a duplicate of the same message, same PIN", async () => {
    const p = await request("drop-after-data");
    const { o } = await outboxFor(p.messageId, (x) => x.status === "sent");
    const got = await caughtFor(p.email);
    const { simpleParser } = await import("mailparser");
    const first = await simpleParser(dropped[dropped.length - 1]!);
    const firstPin = /^PIN: (\d+)$/m.exec(first.text ?? "")?.[1];
    console.log(
      `[smtp] dropped after DATA: ${o.attempts} attempts; copies seen by the recipient ${1 + got.length}; Message-IDs ${first.messageId} / ${got.map((g) => g.messageId).join(",")}`,
    );
    expect(got.length).toBe(1);
    expect(first.messageId).toBe(got[0]!.messageId);
    expect(firstPin).toMatch(/^\d{8}$/);
    expect(pinOf(got[0]!)).toBe(firstPin);
    expect(o.attempts).toBe(2);
    expect(await h.db.pin.count({ where: { user: { email: p.email } } })).toBe(1);
  });

  it("a very slow server (3 s per message, lock 1 s): no job processed twice", async () => {
    const ps = [];
    for (let i = 0; i < 5; i++) ps.push(await request("slow"));
    const rows = await Promise.all(ps.map((p) => outboxFor(p.messageId, (x) => x.status === "sent")));
    const copies = await Promise.all(ps.map((p) => caughtFor(p.email)));
    console.log(
      `[smtp] slow server: ${ps.length} replies, attempts ${rows.map((r) => r.o.attempts).join(",")}, copies ${copies.map((c) => c.length).join(",")}`,
    );
    for (const r of rows) expect(r.o.attempts).toBe(1);
    for (const c of copies) expect(c.length).toBe(1);
  });
});
