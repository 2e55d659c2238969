// Oversized and pathological mail through the real ingest path: each ends in a known state, and a
// valid request appended after them is still answered (one poisoned message never blocks the rest).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { testRecords } from "../fixtures/records.js";

const MAX = 16 * 1024 * 1024;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { IMAP_MAX_MESSAGE_BYTES: String(MAX) } });
});
afterAll(async () => {
  await h?.stop();
});

async function settled(messageId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await h.db.inboundRequest.findUnique({ where: { messageKey: messageId } });
    if (row && !["received", "processing"].includes(row.state)) return row;
    if (Date.now() > deadline) throw new Error(`${messageId}: ${row ? `still ${row.state}` : "no row"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function withAttachment(raw: string, bytes: number): string {
  const [head, body] = raw.split("\r\n\r\n");
  const b = "hostile-boundary-1";
  const blob = Buffer.alloc(Math.ceil((bytes * 3) / 4), 0x61)
    .toString("base64")
    .replace(/.{76}/g, "$&\r\n");
  return [
    head!.replace(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit/, `Content-Type: multipart/mixed; boundary="${b}"`),
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body!.trimEnd(),
    `--${b}`,
    "Content-Type: application/octet-stream; name=big.bin",
    "Content-Transfer-Encoding: base64",
    "",
    blob,
    `--${b}--`,
    "",
  ].join("\r\n");
}

describe("hostile and broken mail", () => {
  it("files each pathological message in a known state and keeps answering", async () => {
    const t0 = Date.now();
    const cases: Array<{
      label: string;
      raw: string;
      messageId: string;
      expect: (row: { state: string; disposition: string | null; rawSize: number }) => void;
    }> = [];

    const huge = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
    cases.push({
      label: "20 MB message (over IMAP_MAX_MESSAGE_BYTES=16 MB)",
      raw: withAttachment(huge.raw, 20 * 1024 * 1024),
      messageId: huge.messageId!,
      expect: (row) => {
        expect(row.disposition).toBe("attention");
        // Headers kept for staff, not the 20 MB.
        expect(row.rawSize).toBeLessThan(64 * 1024);
        expect(row.rawSize).toBeGreaterThan(100);
      },
    });

    const big = buildMail({ from: "Priya Natarajan <priya@northwind-to.test>", subject: "PIN Reset", body: "First name: Priya\nLast name: Natarajan" });
    cases.push({
      label: "6 MB message (under the limit)",
      raw: withAttachment(big.raw, 6 * 1024 * 1024),
      messageId: big.messageId!,
      expect: (row) => expect(row.state).toBe("answered"),
    });

    const filler: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) filler[`X-Filler-${i}`] = `header line ${i} ${"x".repeat(40)}`;
    const manyHeaders = buildMail({
      from: "Anne-Marie van der Berg <am@northwind.test>",
      subject: "PIN Reset",
      body: "First name: Anne-Marie\nLast name: van der Berg",
      headers: filler,
    });
    cases.push({ label: "5,000 header lines", raw: manyHeaders.raw, messageId: manyHeaders.messageId!, expect: (row) => expect(row.state).toBe("answered") });

    const noBody = buildMail({ from: "Omar Haddad <omar@northwind.test>", subject: "PIN Reset" });
    cases.push({
      label: "no body at all",
      raw: noBody.raw.split("\r\n\r\n")[0]! + "\r\n",
      messageId: noBody.messageId!,
      expect: (row) => expect(["answered", "review"]).toContain(row.state),
    });

    const rcpts = Array.from({ length: 10_000 }, (_, i) => `r${i}@many.example`).join(",\r\n ");
    const manyRcpts = buildMail({ from: "stranger@elsewhere.test", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos", to: rcpts });
    cases.push({
      label: "10,000-recipient To header",
      raw: manyRcpts.raw,
      messageId: manyRcpts.messageId!,
      expect: (row) => expect(row.state).toBe("answered"),
    });

    for (const c of cases) await h.append(c.raw);
    // A normal request behind them all.
    const after = buildMail({ from: "Éloïse <eloise@gagnon.test>", subject: "PIN Reset", body: "Prénom : Éloïse\nNom : Dubois-Lévesque" });
    await h.append(after.raw);

    for (const c of cases) {
      const row = await settled(c.messageId);
      console.log(
        `[hostile] ${c.label}: ${row.state}/${row.disposition} (${row.ignoredReason ?? row.reviewReason ?? row.outcome}), stored ${row.rawSize} bytes`,
      );
      c.expect(row);
    }
    const last = await settled(after.messageId!);
    expect(last.state).toBe("answered");
    console.log(`[hostile] all ${cases.length} + 1 normal request settled in ${Date.now() - t0} ms`);

    // Exactly one recipient on the reply to the 10,000-recipient mail.
    const [reply] = await h.replies((to) => to.includes("stranger@elsewhere.test"));
    expect(reply!.to).toEqual(["stranger@elsewhere.test"]);
    expect(reply!.parsed.cc).toBeUndefined();
    expect(String(reply!.parsed.headers.get("to") ? (reply!.parsed.to as { text: string }).text : "")).toBe("stranger@elsewhere.test");

    // The mailbox is empty again: nothing stuck.
    const c = await h.imap();
    try {
      const st = await c.status(h.mailbox, { messages: true });
      expect(st && st.messages).toBe(0);
      const att = await c.status(`${h.mailbox}/Attention`, { messages: true });
      expect(att && att.messages).toBe(1);
    } finally {
      await c.logout();
    }
  });
});
