// Mail in, mail out: real Dovecot, SMTP, Redis and PostgreSQL; nothing mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail, newMessageId } from "../harness/mail.js";
import { API_TOKEN, OWN_ADDRESS, pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
});
afterAll(async () => {
  await h?.stop();
});

async function enroll(body: unknown) {
  const r = await fetch(`${h.url}/api/enrollments`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function requestRow(messageId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await h.db.inboundRequest.findUnique({ where: { messageKey: messageId } });
    if (row && !["received", "processing"].includes(row.state)) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  return h.db.inboundRequest.findUniqueOrThrow({ where: { messageKey: messageId } });
}

describe("a PIN Reset mail", () => {
  it("yields one reply at the registered address whose PIN enrolls once; a follow-up replaces it", async () => {
    const mail = buildMail({
      from: "Maria Santos <maria.santos@northwind.test>",
      subject: "PIN Reset",
      body: "Hello,\nFirst name: Maria\nLast name: Santos\nThanks",
      headers: { "Reply-To": "attacker@evil.test" },
    });
    await h.append(mail.raw);
    const [reply] = await h.replies((to, s) => to.includes("maria.santos@northwind.test") && s === "Re: PIN Reset");
    expect(reply!.to).toEqual(["maria.santos@northwind.test"]);
    expect(reply!.parsed.inReplyTo).toBe(mail.messageId);
    expect(reply!.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(reply!.parsed.messageId).toMatch(/@pinmail\.test>$/);
    const pin = pinOf(reply!);
    expect(pin).toMatch(/^\d{8}$/);
    const row = await requestRow(mail.messageId!);
    expect(row).toMatchObject({ kind: "reset", state: "answered", outcome: "pin-issued" });
    expect(reply!.parsed.text).toContain(row.reference);

    // Nothing went to Reply-To.
    const all = await readCaughtMessages(h.smtp.dir);
    expect(all.some((r) => r.to.includes("attacker@evil.test"))).toBe(false);

    // Follow-up: a fresh PIN, and the first one stops working.
    const follow = buildMail({
      from: "maria.santos@northwind.test",
      subject: "RE: PIN Reset Follow-up",
      body: "My name is Maria Santos. Still nothing arrived.",
    });
    await h.append(follow.raw);
    const [second] = await h.replies((to, s) => to.includes("maria.santos@northwind.test") && s === "Re: RE: PIN Reset Follow-up");
    const pin2 = pinOf(second!);
    expect(pin2).toMatch(/^\d{8}$/);
    expect(pin2).not.toBe(pin);
    const followRow = await requestRow(follow.messageId!);
    expect(followRow).toMatchObject({ kind: "follow-up", outcome: "pin-issued", parentId: row.id });

    expect((await enroll({ firstName: "Maria", lastName: "Santos", pin })).status).toBe(422);
    const ok = await enroll({ firstName: " maria ", lastName: "SANTOS", pin: pin2 });
    expect(ok).toEqual({ status: 200, body: { enrolled: true, organization: "northwind", branch: null, email: "maria.santos@northwind.test" } });
    const again = await enroll({ firstName: "Maria", lastName: "Santos", pin: pin2 });
    expect(again).toEqual({ status: 422, body: { enrolled: false, error: "invalid_pin_or_name" } });

    // The mail was moved out of the watched mailbox into the processed folder.
    const imap = await h.imap();
    try {
      const processed = await imap.status(`${h.mailbox}/Processed`, { messages: true });
      expect(processed && processed.messages).toBeGreaterThanOrEqual(2);
    } finally {
      await imap.logout();
    }
  });

  it.each([
    [
      "a mismatched name",
      "Omar Haddad <am@northwind.test>",
      "PIN Reset",
      "First name: Anne Marie\nLast name: van der Berg",
      "am@northwind.test",
      "name-mismatch",
    ],
    [
      "a dormant organization",
      "eloise@gagnon.test",
      "Réinitialisation du NIP",
      "Prénom : Éloïse\nNom : Dubois-Lévesque",
      "eloise@gagnon.test",
      "organization-dormant",
    ],
    ["an expired account", "omar@northwind.test", "PIN reset", "My name is Omar Haddad", "omar@northwind.test", "account-expired"],
    ["the primary user", "jean.tremblay@northwind.test", "PIN Reset", "Jean Tremblay", "jean.tremblay@northwind.test", "primary-user"],
    [
      "an unknown sender",
      "Maria Santos <stranger@elsewhere.test>",
      "PIN Reset",
      "First name: Maria\nLast name: Santos",
      "stranger@elsewhere.test",
      "not-recognised",
    ],
    ["a mail with no name", "priya@northwind-to.test", "PIN Reset", "Please help, I need a new one.", "priya@northwind-to.test", "name-missing"],
  ])("answers %s without a PIN", async (_label, from, subject, body, to, outcome) => {
    const mail = buildMail({ from, subject, body });
    await h.append(mail.raw);
    // not-recognised carries its template's own subject, never the sender's (issue 13.8).
    const wanted = outcome === "not-recognised" ? /^Your PIN reset request PM-/ : null;
    const [reply] = await h.replies((rcpt, s) => rcpt.includes(to) && (wanted ? wanted.test(s ?? "") : s === `Re: ${subject}`));
    expect(pinOf(reply!)).toBeNull();
    expect(reply!.parsed.text).not.toMatch(/\b\d{8}\b/);
    const row = await requestRow(mail.messageId!);
    expect(row.outcome).toBe(outcome);
    expect(row.state).toBe("answered");
  });

  it("gives an unknown sender the same reply whatever the mail claims", async () => {
    const bodies = ["First name: Maria\nLast name: Santos", "", "My name is Luc Gagnon", "First name: Nobody\nLast name: Atall"];
    const texts: string[] = [];
    for (const [i, body] of bodies.entries()) {
      const from = `probe${i}@unknown.test`;
      await h.append(buildMail({ from, subject: "PIN Reset", body }).raw);
      const [reply] = await h.replies((rcpt) => rcpt.includes(from));
      const row = await h.db.inboundRequest.findFirstOrThrow({ where: { sender: from } });
      texts.push(reply!.parsed.text!.replaceAll(row.reference, "REF"));
    }
    expect(new Set(texts).size).toBe(1);
  });
});

describe("mail that must not be answered", () => {
  it("records an auto-reply to a PIN Reset thread and sends nothing", async () => {
    const mail = buildMail({
      from: "maria.santos@northwind.test",
      subject: "Automatic reply: PIN Reset",
      body: "I am out of the office.",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    await h.append(mail.raw);
    const row = await requestRow(mail.messageId!);
    expect(row.state).toBe("ignored");
    expect(await h.db.outboundMessage.count({ where: { requestId: row.id } })).toBe(0);
  });

  it("puts a request whose reply bounced into review", async () => {
    const mail = buildMail({ from: "priya@northwind-to.test", subject: "PIN Reset", body: "First name: Priya\nLast name: Natarajan" });
    await h.append(mail.raw);
    const [reply] = await h.replies((rcpt, s) => rcpt.includes("priya@northwind-to.test") && s === "Re: PIN Reset" && true, { count: 1 });
    const original = await requestRow(mail.messageId!);
    const sent = await h.db.outboundMessage.findFirstOrThrow({ where: { requestId: original.id } });
    const bounce = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.northwind-to.test>",
      "To: pinmail@pinmail.test",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: ${newMessageId("mx.northwind-to.test")}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Final-Recipient: rfc822; priya@northwind-to.test",
      "Action: failed",
      "Status: 5.1.1",
      "--b1",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${sent.messageId}`,
      `Subject: ${reply!.subject}`,
      "--b1--",
      "",
    ].join("\r\n");
    await h.append(bounce);
    for (let i = 0; i < 100; i++) {
      const r = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: original.id } });
      if (r.state === "review") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await h.db.inboundRequest.findUniqueOrThrow({ where: { id: original.id } })).state).toBe("review");
    expect((await h.db.outboundMessage.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("undeliverable");
  });

  it("leaves unrelated mail exactly where it was, flags untouched", async () => {
    const mail = buildMail({ from: "someone@else.test", subject: "Lunch on Friday?", body: "Pizza?" });
    await h.append(mail.raw);
    // A request appended after it proves the reader has swept past the unrelated mail.
    const marker = buildMail({ from: "stranger2@elsewhere.test", subject: "PIN Reset", body: "" });
    await h.append(marker.raw);
    await h.replies((rcpt) => rcpt.includes("stranger2@elsewhere.test"));
    const imap = await h.imap();
    try {
      await imap.mailboxOpen(h.mailbox);
      const left = [];
      for await (const m of imap.fetch("1:*", { envelope: true, flags: true })) left.push(m);
      const lunch = left.find((m) => m.envelope?.subject === "Lunch on Friday?");
      expect(lunch).toBeDefined();
      expect([...(lunch!.flags ?? [])]).toEqual([]);
      expect(left.some((m) => m.envelope?.subject === "PIN Reset")).toBe(false);
    } finally {
      await imap.logout();
    }
    expect(await h.db.inboundRequest.count({ where: { messageKey: mail.messageId! } })).toBe(0);
  });

  it("never answers its own mail coming back", async () => {
    const mail = buildMail({
      from: `PIN Reset <${OWN_ADDRESS}>`,
      subject: "Re: PIN Reset",
      body: "PIN: 12345678",
      headers: { "X-PinMail-Loop": "pinmail.test" },
    });
    await h.append(mail.raw);
    const row = await requestRow(mail.messageId!);
    expect(row.state).toBe("ignored");
    expect(await h.db.outboundMessage.count({ where: { requestId: row.id } })).toBe(0);
  });
});
