// Issue 15 over the real servers (Dovecot, SMTP catcher, Redis, PostgreSQL): follow-ups that
// join a case in review, the arrival date of a mail, and replies that have nobody to go to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { settledRequest } from "../harness/settled.js";
import { strongSecret } from "../harness/secrets.js";
import { signIn } from "../harness/web-session.js";
import { testRecords } from "../fixtures/records.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { formatReplyDate } from "../../src/reply/format-date.js";

let h: Harness;
let app: FastifyInstance;
type Session = { cookie: string; csrf: string };
let staff: Session;
const DAY = 86_400_000;

const get = (url: string) => app.inject({ url, headers: { cookie: staff.cookie } });
const post = (url: string, payload: Record<string, unknown> = {}) =>
  app.inject({ method: "POST", url, payload, headers: { cookie: staff.cookie, "x-csrf-token": staff.csrf } });

const settled = (messageId: string) => settledRequest(h.db, messageId);

beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
  app = h.service.app!;
  const password = strongSecret();
  await addStaff(h.db, { email: "sam@support.test", role: "support", password });
  staff = await signIn(app, "sam@support.test", password);
});
afterAll(async () => {
  await h?.stop();
});

describe("a follow-up that joins a case in review (15.3)", () => {
  it("is part of that case: its timeline, its priority, one row in the review list, decided with it", async () => {
    // A request read 20 days after it arrived waits for a person (too old to answer automatically).
    const first = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
    await h.append(first.raw, { internalDate: new Date(Date.now() - 20 * DAY) });
    const theCase = await settled(first.messageId!);
    expect(theCase).toMatchObject({ state: "review", priority: 0 });
    expect(theCase.dueAt).not.toBeNull();

    // A case due later than a fresh one would be (reassigned, say): the follow-up is told the case's date.
    const caseDue = new Date(theCase.dueAt!.getTime() + 10 * DAY);
    await h.db.inboundRequest.update({ where: { id: theCase.id }, data: { dueAt: caseDue } });
    theCase.dueAt = caseDue;

    const follow = buildMail({ from: "maria.santos@northwind.test", subject: "PIN Reset Follow-up", body: "My name is Maria Santos. Any news?" });
    await h.append(follow.raw);
    const [ack] = await h.replies((to, s) => to.includes("maria.santos@northwind.test") && s === "Re: PIN Reset Follow-up");
    expect((ack!.parsed.text ?? "").replace(/\s+/g, " ")).toContain(`We expect to answer by: ${formatReplyDate(caseDue, "en")}`);
    const followUp = await settled(follow.messageId!);
    expect(followUp).toMatchObject({ state: "review", parentId: theCase.id, dueAt: null });

    // The review list and the overview count cases: the follow-up is not one more.
    const cases = get("/api/review").then((r) => r.json() as { cases: Array<{ reference: string; priority: number; dueAt: string | null }> });
    const listed = (await cases).cases;
    expect(listed.map((c) => c.reference)).toContain(theCase.reference);
    expect(listed.map((c) => c.reference)).not.toContain(followUp.reference);
    expect(listed.find((c) => c.reference === theCase.reference)).toMatchObject({ priority: 1, dueAt: theCase.dueAt!.toISOString() });
    expect(listed.every((c) => c.dueAt !== null)).toBe(true);
    const overview = (await get("/api/overview")).json() as { review: { open: number; unassigned: number } };
    expect(overview.review.open).toBe(listed.length);
    const page = await get("/review");
    expect(page.body).toContain(`${listed.length} case${listed.length === 1 ? "" : "s"} in review`);
    expect(page.body).not.toContain(followUp.reference);

    // The case's timeline says a follow-up came in; the follow-up points at its case.
    const detail = (await get(`/api/requests/${theCase.reference}`)).json() as {
      events: Array<{ type: string; detail: Record<string, unknown> }>;
      followUps: Array<{ reference: string }>;
    };
    expect(detail.events.find((e) => e.type === "follow-up-received")?.detail).toMatchObject({ reference: followUp.reference });
    expect(detail.followUps.map((f) => f.reference)).toEqual([followUp.reference]);
    const own = (await get(`/api/requests/${followUp.reference}`)).json() as { partOfCase: string | null };
    expect(own.partOfCase).toBe(theCase.reference);
    expect((await get(`/requests/${followUp.reference}`)).body).toContain(`It is decided with that case`);

    // Deciding the follow-up apart from its case is refused, with the reason; the case decides both.
    const alone = await post(`/api/requests/${followUp.reference}/approve`);
    expect(alone.statusCode).toBe(422);
    expect(alone.json().message).toContain(theCase.reference);
    expect(await h.db.pin.count({ where: { requestId: followUp.id } })).toBe(0);
    const approved = await post(`/api/requests/${theCase.reference}/approve`);
    expect(approved.statusCode).toBe(200);
    const closed = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: followUp.id } });
    expect(closed).toMatchObject({ state: "answered", outcome: "pin-issued" });
  });
});

describe("the date a mail arrived (15.2)", () => {
  it("pages, the API and replies say when it arrived; takenAt is when pinmail took it; due dates count from takenAt", async () => {
    const arrived = new Date(Math.floor((Date.now() - 20 * DAY) / 1000) * 1000);
    const first = buildMail({
      from: "Anne-Marie van der Berg <am@northwind.test>",
      subject: "PIN Reset",
      body: "First name: Anne-Marie\nLast name: van der Berg",
    });
    const before = new Date();
    await h.append(first.raw, { internalDate: arrived });
    const row = await settled(first.messageId!);
    expect(row.state).toBe("review");
    expect(row.receivedAt.toISOString()).toBe(arrived.toISOString());
    expect(row.takenAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // Due 3 business days after pinmail took it (so in the future), not after it arrived.
    expect(row.dueAt!.getTime()).toBeGreaterThan(Date.now());

    const detail = (await get(`/api/requests/${row.reference}`)).json() as { receivedAt: string; takenAt: string; dueAt: string };
    expect(detail.receivedAt).toBe(arrived.toISOString());
    expect(detail.takenAt).toBe(row.takenAt.toISOString());
    const list = (await get(`/api/requests?q=${encodeURIComponent(row.reference)}`)).json() as { requests: Array<Record<string, unknown>> };
    expect(list.requests).toEqual([
      expect.objectContaining({ reference: row.reference, receivedAt: arrived.toISOString(), takenAt: row.takenAt.toISOString() }),
    ]);
    const page = (await get(`/requests/${row.reference}`)).body;
    expect(page).toMatch(new RegExp(`<dt>Received</dt><dd><time datetime="${arrived.toISOString()}">`));
    expect(page).toMatch(new RegExp(`<dt>Taken by pinmail</dt><dd><time datetime="${row.takenAt.toISOString()}">`));

    // A follow-up's reply names the day the earlier request was written, not the day pinmail read it.
    const follow = buildMail({ from: "am@northwind.test", subject: "PIN Reset Follow-up", body: "Any news? Anne-Marie van der Berg" });
    await h.append(follow.raw);
    const [reply] = await h.replies((to, s) => to.includes("am@northwind.test") && s === "Re: PIN Reset Follow-up");
    const text = (reply!.parsed.text ?? "").replace(/\s+/g, " ");
    expect(text).toContain(`received on ${formatReplyDate(arrived, "en", { withTime: true })}`);
    expect(text).not.toContain(`received on ${formatReplyDate(row.takenAt, "en", { withTime: true })}`);
  });
});

describe("no reply without exactly one recipient (15.4)", () => {
  it("rejecting a reopened mail that had no sender address queues nothing and says why", async () => {
    const messageId = `<t15-nofrom-${Date.now()}@sender.example>`;
    const raw = [
      "To: pinmail@pinmail.test",
      "Subject: PIN Reset",
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "First name: Maria",
      "Last name: Santos",
      "",
    ].join("\r\n");
    await h.append(raw);
    const row = await settled(messageId);
    expect(row.state).toBe("ignored");

    expect((await post(`/api/requests/${row.reference}/reopen`, { note: "looks like a real request" })).statusCode).toBe(200);
    const rejected = await post(`/api/requests/${row.reference}/reject`, { reason: "no address to answer" });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().message).toMatch(/not one plain address|cannot send/);
    expect(await h.db.outboundMessage.count({ where: { requestId: row.id } })).toBe(0);
    expect((await h.db.inboundRequest.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("review");
  });

  it("a reply that no retry can send is refused at its first attempt and shows on the Failures page", async () => {
    // An outbox row written before the recipient check existed (or by hand): nothing to send to.
    const mail = buildMail({ from: "omar@northwind.test", subject: "PIN Reset", body: "hello" });
    await h.append(mail.raw);
    const request = await settled(mail.messageId!);
    const row = await h.db.outboundMessage.create({
      data: {
        dedupeKey: `t15-empty-${Date.now()}`,
        requestId: request.id,
        purpose: "decision",
        template: "rejected",
        locale: "en",
        toAddress: "",
        messageId: `<t15.empty.${Date.now()}@pinmail.test>`,
        subject: "Re: PIN Reset",
        headers: {},
        maskedText: "x",
        maskedHtml: "<p>x</p>",
        status: "pending",
      },
    });
    await h.db.inboundRequest.update({ where: { id: request.id }, data: { state: "processing" } });
    // The worker's reconcile loop re-creates the job of every pending row (every 2 s here).
    let after = await h.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    for (let i = 0; i < 100 && after.status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await h.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    }
    expect(after).toMatchObject({ status: "undeliverable", attempts: 1 });
    // Given time for retries (SMTP_RETRY_BASE_MS=200 here), none happens.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await h.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);
    const requestAfter = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(requestAfter.state).toBe("review");
    const failures = (await get("/api/failures")).json() as { replies: Array<{ id: number; status: string; reference: string | null }> };
    expect(failures.replies).toContainEqual(expect.objectContaining({ id: row.id, status: "undeliverable", reference: request.reference }));
    expect((await get("/failures")).body).toContain(request.reference);
  });
});
