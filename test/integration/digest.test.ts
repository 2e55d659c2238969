// The daily digest on seeded data with a controlled clock: the previous business day's requests
// by outcome, median and 95th percentile time to reply, reviews waiting and overdue with links,
// failures, organizations going dormant within 30 days, open alerts; English and French; sent
// once per business day (none on a holiday) by real SMTP; `pinmail digest --dry-run --at`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { buildDigest, runDigestJob } from "../../src/alerts/digest/send-digest.js";
import { digestPeriod } from "../../src/alerts/digest/load-digest.js";
import { runDigest } from "../../src/cli/commands/digest.js";
import { createTransport } from "../../src/outbox/transport.js";
import { createLogger } from "../../src/runtime/logger.js";
import { importRecords } from "../../src/store/import-records.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { validateRecords } from "../../src/store/records-file.js";
import { readCaughtMessages, waitForMessages } from "../harness/mail-sink.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let smtp: SmtpCatcher;
// Tuesday 2026-12-08, 08:00 Toronto (EST): the digest covers Monday 2026-12-07.
const AT = new Date("2026-12-08T13:00:00Z");
const MON = (h: number, m = 0) => new Date(Date.UTC(2026, 11, 7, h + 5, m));
const dashboardUrl = "https://pinmail.example.org";

let seq = 0;
async function request(o: {
  receivedAt: Date;
  state: string;
  outcome?: string | null;
  kind?: string | null;
  dueAt?: Date;
  repliedAfterS?: number;
  replyStatus?: string;
}) {
  const n = ++seq;
  const r = await db.inboundRequest.create({
    data: {
      reference: `PM-261207-D${String(n).padStart(3, "0")}`,
      messageKey: `<d${n}@seed.test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: n,
      sender: `p${n}@people.test`,
      subject: "PIN Reset",
      kind: o.kind === undefined ? "reset" : o.kind,
      state: o.state,
      outcome: o.outcome ?? null,
      dueAt: o.dueAt ?? null,
      rawSource: Buffer.from("x"),
      rawSize: 1,
      receivedAt: o.receivedAt,
      updatedAt: o.receivedAt,
    },
  });
  if (o.repliedAfterS !== undefined || o.replyStatus) {
    const sentAt = new Date(o.receivedAt.getTime() + (o.repliedAfterS ?? 0) * 1000);
    await db.outboundMessage.create({
      data: {
        dedupeKey: `${r.id}:reply`,
        requestId: r.id,
        purpose: "reply",
        template: "pin-issued",
        locale: "en",
        toAddress: `p${n}@people.test`,
        messageId: `<r${n}@pinmail.test>`,
        subject: "Re: PIN Reset",
        headers: {},
        maskedText: "x",
        maskedHtml: "x",
        status: o.replyStatus ?? "sent",
        sentAt: o.replyStatus && o.replyStatus !== "sent" ? null : sentAt,
        updatedAt: sentAt,
      },
    });
  }
  return r;
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-digest-smtp-")), lmtp: false });
  const v = validateRecords({
    organizations: [
      {
        ref: "soon",
        name: "Soon Dormant Ltd.",
        branches: [],
        users: [{ role: "primary", firstName: "Sam", lastName: "Soon", email: "sam@soon.test", lastSignInAt: "2024-12-28T15:00:00Z" }],
      },
      {
        ref: "later",
        name: "Later Dormant Ltd.",
        branches: [],
        users: [{ role: "primary", firstName: "Lee", lastName: "Later", email: "lee@later.test", lastSignInAt: "2025-06-01T15:00:00Z" }],
      },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  await importRecords(db, v.records);
  // Monday: three PINs (replied after 1, 2 and 10 minutes), a name mismatch, one in review
  // (overdue), one failed delivery; Sunday's and Tuesday's requests are outside the period.
  await request({ receivedAt: MON(9), state: "answered", outcome: "pin-issued", repliedAfterS: 60 });
  await request({ receivedAt: MON(10), state: "answered", outcome: "pin-issued", repliedAfterS: 120 });
  await request({ receivedAt: MON(11), state: "answered", outcome: "pin-issued", repliedAfterS: 600 });
  await request({ receivedAt: MON(12), state: "answered", outcome: "name-mismatch", replyStatus: "undeliverable" });
  await request({ receivedAt: MON(13), state: "review", outcome: "needs-review", dueAt: new Date("2026-12-07T22:00:00Z") });
  await request({ receivedAt: MON(14), state: "ignored", kind: null }); // an auto-reply: not a request
  await request({ receivedAt: new Date("2026-12-06T15:00:00Z"), state: "answered", outcome: "pin-issued", repliedAfterS: 30 });
  await request({ receivedAt: new Date("2026-12-08T12:30:00Z"), state: "review", outcome: "needs-review", dueAt: new Date("2026-12-10T22:00:00Z") });
  await db.alert.create({
    data: { name: "mailbox-stale", state: "open", since: MON(16), text: "no successful round trip with the mailbox since Dec 7, 16:00 Toronto time" },
  });
});
afterAll(async () => {
  await db?.$disconnect();
  await smtp?.close();
  await t?.drop();
});

describe("daily digest", () => {
  it("covers the previous business day; Monday's covers the weekend", () => {
    const tue = digestPeriod({ year: 2026, month: 12, day: 8 });
    expect([tue.start.toISOString(), tue.end.toISOString()]).toEqual(["2026-12-07T05:00:00.000Z", "2026-12-08T05:00:00.000Z"]);
    const mon = digestPeriod({ year: 2026, month: 12, day: 7 });
    expect(mon.start.toISOString()).toBe("2026-12-04T05:00:00.000Z");
    // Tuesday after Christmas and Boxing Day: from Thursday Dec 24.
    expect(digestPeriod({ year: 2026, month: 12, day: 29 }).start.toISOString()).toBe("2026-12-24T05:00:00.000Z");
  });

  it("reports yesterday's figures in plain text with dashboard links", async () => {
    const d = await buildDigest(db, { locale: "en", dashboardUrl }, AT);
    expect(d.day).toBe("2026-12-08");
    expect(d.subject).toBe("[pinmail] Daily digest for Tuesday, December 8, 2026: 5 requests, 1 review overdue");
    const lines = d.text.split("\n");
    expect(lines).toContain("  - PIN issued: 3");
    expect(lines).toContain("  - name did not match: 1");
    expect(lines).toContain("  - sent to review: 1");
    expect(lines).toContain("  - Total: 5");
    // median of 60, 120, 600 s; 95th percentile (interpolated) 552 s.
    expect(lines).toContain("  - 3 replies sent; median 2 min, 95th percentile 9 min");
    expect(lines).toContain(`  - 2 waiting, 1 overdue <${dashboardUrl}/review>`);
    expect(lines).toContain(`  - PM-261207-D005, due Dec 7, 17:00 <${dashboardUrl}/requests/PM-261207-D005>`);
    expect(lines).toContain(`  - 1 reply could not be delivered; 0 requests failed <${dashboardUrl}/failures>`);
    expect(lines).toContain(`  - Soon Dormant Ltd.: dormant on 2026-12-28 (in 20 days) <${dashboardUrl}/at-risk>`);
    expect(d.text).not.toContain("Later Dormant");
    expect(d.text).toContain("mailbox-stale: no successful round trip");
    // No requester's address or name in the digest.
    expect(d.text).not.toMatch(/@people\.test|Sam Soon/);
    expect(d.html).toContain(`<a href="${dashboardUrl}/requests/PM-261207-D005">PM-261207-D005, due Dec 7, 17:00</a>`);
    expect(d.html).toContain("<li>PIN issued: 3</li>");
  });

  it("speaks French with STAFF_LOCALE=fr", async () => {
    const d = await buildDigest(db, { locale: "fr", dashboardUrl: null }, AT);
    expect(d.subject).toBe("[pinmail] Résumé du mardi 8 décembre 2026 : 5 demandes, 1 révision en retard");
    expect(d.text).toContain("  - NIP envoyé : 3".replace(" :", ":"));
    expect(d.text).toContain("  - 3 réponses envoyées; médiane 2 min, 95e centile 9 min");
    expect(d.text).toContain("  - 2 en attente, 1 en retard");
    expect(d.text).toContain("  - Soon Dormant Ltd. : inactive le 2026-12-28 (dans 20 jours)");
    expect(d.html).toContain('<html lang="fr">');
  });

  it("the job sends one mail per business day by SMTP, none on a holiday", async () => {
    const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 1, dkim: null });
    const deps = {
      db,
      transport,
      logger: createLogger("silent"),
      settings: {
        to: ["support@pinmail.test"],
        locale: "en" as const,
        dashboardUrl,
        from: "PIN Reset <pinmail@pinmail.test>",
        envelopeFrom: "pinmail@pinmail.test",
      },
    };
    try {
      expect(await runDigestJob(deps, AT)).toEqual({ sent: true, day: "2026-12-08" });
      expect(await runDigestJob(deps, new Date(AT.getTime() + 60_000))).toEqual({ sent: false, reason: "already sent" });
      expect(await runDigestJob(deps, new Date("2026-12-25T13:00:00Z"))).toEqual({ sent: false, reason: "not a business day" });
      const [mail] = await waitForMessages(smtp.dir, (r) => (r.subject ?? "").startsWith("[pinmail] Daily digest"), { count: 1 });
      expect(mail!.to).toEqual(["support@pinmail.test"]);
      expect(mail!.parsed.headers.get("auto-submitted")).toBe("auto-generated");
      expect(mail!.parsed.text).toContain("PIN issued: 3");
      expect(mail!.parsed.html).toContain("<li>PIN issued: 3</li>");
      expect((await readCaughtMessages(smtp.dir)).length).toBe(1);
    } finally {
      transport.close();
    }
  });

  it("pinmail digest --dry-run --at prints it; bad arguments are usage errors", async () => {
    let printed = "";
    const env = { DATABASE_URL: t.url, STAFF_LOCALE: "en", WEB_PUBLIC_URL: dashboardUrl };
    expect(await runDigest(["--dry-run", "--at", "2026-12-08"], { env, out: (s) => (printed += s) })).toBe(0);
    expect(printed).toMatch(/^Subject: \[pinmail\] Daily digest for Tuesday, December 8, 2026: 5 requests/);
    expect(printed).toContain("  - PIN issued: 3");
    await expect(runDigest(["--dry-run", "--at", "2026-02-30"], { env })).rejects.toThrow("no such date");
    await expect(runDigest(["--send", "--at", "2026-12-08"], { env })).rejects.toThrow("--at goes with --dry-run");
    await expect(runDigest([], { env })).rejects.toThrow("choose one of --dry-run or --send");
    // --send: today's digest now, by SMTP, to DIGEST_EMAIL_TO.
    let said = "";
    const sendEnv = { ...env, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "PIN Reset <pinmail@pinmail.test>", DIGEST_EMAIL_TO: "lead@pinmail.test" };
    expect(await runDigest(["--send"], { env: sendEnv, out: (s) => (said += s) })).toBe(0);
    expect(said).toMatch(/^sent "\[pinmail\] Daily digest for .*" to lead@pinmail\.test/);
    const [sent] = await waitForMessages(smtp.dir, (r) => r.to.includes("lead@pinmail.test"), { count: 1 });
    expect(sent!.subject).toMatch(/^\[pinmail\] Daily digest for /);
    await expect(runDigest(["--send"], { env: { ...sendEnv, DIGEST_EMAIL_TO: "" } })).rejects.toThrow("nobody to send it to");
  });
});
