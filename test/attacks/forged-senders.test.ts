// Issue 13.8: no reply to a forged stranger. Authentication is checked before "not recognised":
// a failed sender not on record gets nothing; a failed registered sender goes to review with the
// acknowledgement to the registered address only; a follow-up joining such a case is answered
// only if it passes itself. The not-recognised reply never echoes the sender's subject.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { settledRequest } from "../harness/settled.js";
import { testRecords } from "../fixtures/records.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { loadRequest } from "../../src/web/support/request-data.js";
import { requestBody } from "../../src/web/support/request-page.js";

const AUTHSERV = "mx.pinmail.test";
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { MAIL_AUTHSERV_ID: AUTHSERV } });
});
afterAll(async () => {
  await h?.stop();
});

const settled = (messageId: string) => settledRequest(h.db, messageId);

const failed = (domain: string) => ({ "Authentication-Results": `${AUTHSERV}; spf=fail smtp.mailfrom=${domain}; dmarc=fail header.from=${domain}` });
const passed = (domain: string) => ({ "Authentication-Results": `${AUTHSERV}; spf=pass smtp.mailfrom=${domain}; dmarc=pass header.from=${domain}` });

/** Waits until the outbox row of a request is sent, and returns the SMTP envelope that carried it. */
async function envelopeOf(requestId: number) {
  for (let i = 0; i < 150; i++) {
    const out = await h.db.outboundMessage.findFirst({ where: { requestId } });
    if (out?.status === "sent") {
      const rec = (await readCaughtMessages(h.smtp.dir)).find((r) => r.messageId === out.messageId);
      if (rec) return rec;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reply sent for request ${requestId}`);
}

describe("forged senders", () => {
  it("a stranger whose authentication failed gets no reply at all: ignored, with the reason", async () => {
    const before = (await readCaughtMessages(h.smtp.dir)).length;
    const mail = buildMail({
      from: "Maria Santos <victim@elsewhere.test>",
      subject: "PIN Reset — visit evil.example now",
      body: "First name: Maria\nLast name: Santos",
      headers: failed("elsewhere.test"),
    });
    await h.append(mail.raw);
    const row = await settled(mail.messageId!);
    expect(row.state).toBe("ignored");
    expect(row.ignoredReason).toMatch(/DMARC failed.*not on record/);
    expect(row.senderAuth).toBe("fail");
    expect(await h.db.outboundMessage.count({ where: { requestId: row.id } })).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await readCaughtMessages(h.smtp.dir)).slice(before).filter((r) => r.to.includes("victim@elsewhere.test"))).toEqual([]);
  });

  it("an unknown sender that did not fail gets not-recognised with its fixed subject, never theirs", async () => {
    const mail = buildMail({
      from: "Someone <someone@elsewhere.test>",
      subject: "PIN Reset — cheap pills at evil.example",
      body: "Hello",
      headers: passed("elsewhere.test"),
    });
    await h.append(mail.raw);
    const row = await settled(mail.messageId!);
    expect(row.outcome).toBe("not-recognised");
    const env = await envelopeOf(row.id);
    expect(env.to).toEqual(["someone@elsewhere.test"]);
    expect(env.subject).toBe(`Your PIN reset request ${row.reference}`);
    expect(env.subject).not.toContain("evil.example");
  });

  it("a registered address whose authentication failed: review, acknowledged to the registered address only; the case page shows the result", async () => {
    const mail = buildMail({
      from: "Maria Santos <Maria.Santos@northwind.test>",
      subject: "PIN Reset",
      body: "First name: Maria\nLast name: Santos",
      headers: { ...failed("northwind.test"), "Reply-To": "attacker@evil.example" },
    });
    await h.append(mail.raw);
    const row = await settled(mail.messageId!);
    expect(row.state).toBe("review");
    expect(row.reviewReason).toMatch(/sender authentication: DMARC failed/);
    expect(await h.db.pin.count({ where: { requestId: row.id } })).toBe(0);
    const env = await envelopeOf(row.id);
    expect(env.to).toEqual(["maria.santos@northwind.test"]);
    const out = await h.db.outboundMessage.findFirstOrThrow({ where: { requestId: row.id } });
    expect(out.template).toBe("needs-review");

    const detail = await loadRequest(h.db, row.reference);
    expect(detail).toMatchObject({ senderAuth: "fail", senderAuthReason: "DMARC failed" });
    const page = String(requestBody(detail!, "csrf", new Date()));
    expect(page).toMatch(/<dt>Sender authentication<\/dt><dd><strong>Failed<\/strong> <span class="muted">\(DMARC failed\)<\/span><\/dd>/);

    // A follow-up that fails authentication too joins the case but is not answered.
    const f1 = buildMail({
      from: "Maria Santos <maria.santos@northwind.test>",
      subject: "PIN Reset Follow-up",
      body: `About ${row.reference}`,
      headers: failed("northwind.test"),
    });
    await h.append(f1.raw);
    const r1 = await settled(f1.messageId!);
    expect(r1.state).toBe("review");
    expect(r1.parentId).toBe(row.id);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await h.db.outboundMessage.count({ where: { requestId: r1.id } })).toBe(0);

    // One that passes is answered, with the case's status, at the registered address.
    const f2 = buildMail({
      from: "Maria Santos <maria.santos@northwind.test>",
      subject: "PIN Reset Follow-up",
      body: `About ${row.reference}`,
      headers: passed("northwind.test"),
    });
    await h.append(f2.raw);
    const r2 = await settled(f2.messageId!);
    // (Its earlier request is the case or the follow-up already waiting in it.)
    expect([row.id, r1.id]).toContain(r2.parentId);
    const env2 = await envelopeOf(r2.id);
    expect(env2.to).toEqual(["maria.santos@northwind.test"]);
    expect((await h.db.outboundMessage.findFirstOrThrow({ where: { requestId: r2.id } })).template).toBe("follow-up-review");
  });
});
