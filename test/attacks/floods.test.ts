// Floods and brute force against the real pipeline and API: a mail bomb from one address, a
// thousand forged unknown senders, auto-responder loops that ignore our headers, and 50 parallel
// wrong guesses at the enrollment API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { API_TOKEN, startHarness, type Harness } from "../harness/pinmail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
});
afterAll(async () => {
  await h?.stop();
});

async function appendMany(raws: string[]): Promise<void> {
  const c = await h.imap();
  try {
    for (const raw of raws) await c.append(h.mailbox, raw);
  } finally {
    await c.logout();
  }
}

async function waitSettled(where: object, count: number, timeoutMs = 180_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const done = await h.db.inboundRequest.count({ where: { ...where, state: { notIn: ["received", "processing"] } } });
    const pending = await h.db.outboundMessage.count({ where: { status: "pending" } });
    if (done >= count && pending === 0) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`only ${done} of ${count} settled after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("floods", () => {
  it("1,000 requests from one address: at most 3 PIN replies and one rate-limited reply", async () => {
    const sender = "maria.santos@northwind.test";
    const raws = Array.from(
      { length: 1000 },
      (_, i) =>
        buildMail({ from: `Maria Santos <${sender}>`, subject: i % 2 ? "PIN Reset" : "PIN Reset Follow-up", body: "First name: Maria\nLast name: Santos" }).raw,
    );
    const t0 = Date.now();
    await appendMany(raws);
    const settleMs = await waitSettled({ sender }, 1000);
    const out = await h.db.outboundMessage.groupBy({ by: ["template"], where: { toAddress: sender }, _count: true });
    const caught = (await readCaughtMessages(h.smtp.dir)).filter((r) => r.to.includes(sender));
    const byTemplate = Object.fromEntries(out.map((o) => [o.template, o._count]));
    const rows = await h.db.inboundRequest.count({ where: { sender } });
    const pins = await h.db.pin.count({ where: { user: { email: sender } } });
    console.log(
      `[flood] injected 1000 requests from one address in ${Date.now() - t0 - settleMs} ms; settled ${settleMs} ms later. rows ${rows}, PINs ${pins}, replies ${caught.length} by template ${JSON.stringify(byTemplate)}`,
    );
    expect(rows).toBe(1000); // every request recorded, none silently dropped
    expect(pins).toBeLessThanOrEqual(3);
    const pinReplies = (byTemplate["pin-issued"] ?? 0) + (byTemplate["follow-up-pin-issued"] ?? 0);
    expect(pinReplies).toBeLessThanOrEqual(3);
    expect(byTemplate["rate-limited"]).toBe(1);
    expect(caught.length).toBe(pinReplies + 1);
  }, 240_000);

  it("a loop with auto-responders that ignore our headers stops by itself", async () => {
    // Each responder answers every mail it gets from us with a new "Re: ..." and no automatic markers.
    const responders = ["bot@loop.test", "jean.tremblay@northwind.test"];
    const seen = new Set<string>();
    await appendMany(responders.map((from) => buildMail({ from, subject: "PIN Reset", body: "Jean Tremblay" }).raw));
    let lastNew = Date.now();
    const t0 = Date.now();
    // Until the first replies are out, then until 4 s pass without a new one.
    while ((seen.size < responders.length || Date.now() - lastNew < 4000) && Date.now() - t0 < 60_000) {
      const fresh = (await readCaughtMessages(h.smtp.dir)).filter((r) => responders.includes(r.to[0]!) && !seen.has(r.file));
      for (const r of fresh) {
        seen.add(r.file);
        lastNew = Date.now();
        await appendMany([
          buildMail({ from: r.to[0]!, subject: `Re: ${r.subject}`, body: "Thanks! Jean Tremblay", headers: { "In-Reply-To": r.messageId ?? "" } }).raw,
        ]);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    const caught = await readCaughtMessages(h.smtp.dir);
    const counts = Object.fromEntries(responders.map((a) => [a, caught.filter((r) => r.to.includes(a)).length]));
    console.log(`[flood] auto-responder loop stopped after ${Date.now() - t0} ms; replies per responder ${JSON.stringify(counts)}`);
    expect(Date.now() - lastNew).toBeGreaterThanOrEqual(4000);
    expect(counts["bot@loop.test"]).toBeGreaterThanOrEqual(1);
    expect(counts["bot@loop.test"]).toBeLessThanOrEqual(3);
    expect(counts["jean.tremblay@northwind.test"]).toBeLessThanOrEqual(10);
  }, 90_000);

  it("1,000 forged unknown senders hit the hourly not-recognised cap", async () => {
    const raws = Array.from(
      { length: 1000 },
      (_, i) => buildMail({ from: `victim${i}@forged-${i % 37}.test`, subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" }).raw,
    );
    await appendMany(raws);
    const settleMs = await waitSettled({ sender: { contains: "@forged-" } }, 1000);
    const replies = await h.db.outboundMessage.count({ where: { template: "not-recognised" } });
    const ignored = await h.db.inboundRequest.count({ where: { sender: { contains: "@forged-" }, state: "ignored" } });
    console.log(
      `[flood] 1000 forged unknown senders settled in ${settleMs} ms: ${replies} not-recognised replies (cap 100/hour), ${ignored} recorded without a reply`,
    );
    expect(replies).toBeLessThanOrEqual(100);
    expect(replies).toBeGreaterThan(0);
    expect(ignored).toBeGreaterThanOrEqual(900);
  }, 240_000);
});

describe("brute force on the enrollment API", () => {
  const guess = (firstName: string, lastName: string, pin: string) =>
    fetch(`${h.url}/api/enrollments`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ firstName, lastName, pin }),
    }).then((r) => r.status);

  it("50 parallel wrong guesses for one person: no more than the allowed 5 are processed", async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => guess("Anne-Marie", "van der Berg", String(10_000_000 + i))));
    const processed = statuses.filter((s) => s === 422).length;
    const locked = statuses.filter((s) => s === 429).length;
    console.log(`[brute-force] 50 parallel guesses for one person: ${processed} processed (422), ${locked} locked out (429)`);
    expect(processed).toBeLessThanOrEqual(5);
    expect(processed + locked).toBe(50);
  });

  it("50 parallel wrong guesses for different people from one client: no more than 20 failures in all", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => guess(`Person${String.fromCharCode(65 + (i % 26))}${i}`, "Guess", String(20_000_000 + i))),
    );
    const failures = await h.db.enrollmentAttempt.count({ where: { success: false } });
    const locked = statuses.filter((s) => s === 429).length;
    console.log(
      `[brute-force] 50 parallel guesses for 50 names from one client: ${statuses.filter((s) => s === 422).length} processed, ${locked} locked out; failed attempts recorded in all: ${failures}`,
    );
    expect(failures).toBeLessThanOrEqual(20);
    expect(locked).toBeGreaterThanOrEqual(30);
  });
});
