// Issue 13.1: one reply, one recipient. A From header whose address part carries commas (which
// mailparser leaves in one "address") used to pass the sender check, reach nodemailer as the
// reply's address and become several RCPT TO commands, and each variation of the string was a
// fresh "address" for the per-address reply limit. These tests read the SMTP receiver's envelope.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { settledRequest } from "../harness/settled.js";
import { testRecords } from "../fixtures/records.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { deliver, PermanentDeliveryError } from "../../src/outbox/deliver.js";
import { createTransport } from "../../src/outbox/transport.js";

let h: Harness;
const logLines: string[] = [];

beforeAll(async () => {
  // Warnings are kept to check the start-up line of issue 13.7 (tests run in development).
  const logStream = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
  h = await startHarness({ records: testRecords(), env: { LOG_LEVEL: "warn" }, logStream });
});
afterAll(async () => {
  await h?.stop();
});

const settled = (messageId: string) => settledRequest(h.db, messageId);

/** Every RCPT TO the SMTP receiver was given, over all messages so far. */
async function allRecipients(): Promise<string[]> {
  return (await readCaughtMessages(h.smtp.dir)).flatMap((r) => r.to.map((t) => t.toLowerCase()));
}

describe("recipient injection through the From header", () => {
  const hostile = [
    `"x" <a@evil.example,postmaster,root>`,
    `"Maria Santos" <maria.santos@northwind.test,attacker@evil.example>`,
    `"x" <a@evil.example;b@evil.example>`,
    `"x" <a%b@evil.example>`,
    `"x" <b!a@evil.example>`,
    `"x" <"a b"@evil.example>`,
    `"x" <a@evil.example>, b@evil.example`,
  ];

  it("answers none of them, records each as ignored with the reason, and sends no RCPT TO", async () => {
    // (A bare `<postmaster>` is caught earlier, as automatic mail; test/unit/pipeline covers it.)
    const before = await allRecipients();
    const mails = hostile.map((from) =>
      buildMail({
        from,
        subject: "PIN Reset",
        body: "First name: Maria\nLast name: Santos",
        messageId: `<${Math.random().toString(36).slice(2)}@evil.example>`,
      }),
    );
    for (const m of mails) await h.append(m.raw);
    // A normal request afterwards: once its reply is out, any reply to the hostile ones would be too.
    const ok = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
    await h.append(ok.raw);
    const okRow = await settled(ok.messageId!);
    const [reply] = await h.replies((to, s) => to.includes("maria.santos@northwind.test") && s === "Re: PIN Reset");
    // The legitimate reply: exactly one envelope recipient, the same one as the To: header.
    expect(reply!.to).toEqual(["maria.santos@northwind.test"]);
    expect(reply!.parsed.to && "value" in reply!.parsed.to ? reply!.parsed.to.value.map((a) => a.address) : null).toEqual(["maria.santos@northwind.test"]);
    expect(okRow.outcome).toBe("pin-issued");

    for (const m of mails) {
      const row = await settled(m.messageId!);
      expect(row.state, `${row.sender}`).toBe("ignored");
      expect(row.ignoredReason).toMatch(/sender address/i);
      expect(await h.db.outboundMessage.count({ where: { requestId: row.id } })).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const added = (await allRecipients()).slice(before.length);
    expect(added).toEqual(["maria.santos@northwind.test"]);
    for (const bad of ["postmaster", "root", "attacker@evil.example", "a@evil.example", "b@evil.example"])
      expect(added.some((t) => t.includes(bad))).toBe(false);
  });

  it("delivery refuses an outbox row whose address is not exactly one plain address (no RCPT TO at all)", async () => {
    const before = (await readCaughtMessages(h.smtp.dir)).length;
    const row = await h.db.outboundMessage.create({
      data: {
        dedupeKey: `attack-${Date.now()}`,
        purpose: "test",
        template: "rejected",
        locale: "en",
        toAddress: "a@evil.example,postmaster,root",
        messageId: `<attack.${Date.now()}@pinmail.test>`,
        subject: "x",
        headers: {},
        maskedText: "x",
        maskedHtml: "<p>x</p>",
        status: "pending",
      },
    });
    const transport = createTransport({ smtpUrl: h.env["SMTP_URL"]!, poolSize: 1, dkim: null });
    try {
      await expect(
        deliver({ db: h.db, transport, from: "PIN Reset <pinmail@pinmail.test>", envelopeFrom: "pinmail@pinmail.test", secrets: ["unused"] }, row.id),
      ).rejects.toBeInstanceOf(PermanentDeliveryError);
    } finally {
      transport.close();
    }
    const after = await h.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("undeliverable");
    expect(after.lastError).toMatch(/not one plain address/);
    expect((await readCaughtMessages(h.smtp.dir)).length).toBe(before);
  });
});

describe("start-up (issue 13.7)", () => {
  it("says plainly that sender authentication is off in development without MAIL_AUTHSERV_ID", () => {
    const line = logLines.find((l) => l.includes("sender authentication is OFF"));
    expect(line, logLines.join("")).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 40, pinmailEnv: "development" });
  });
});
