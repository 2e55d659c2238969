// The dashboard's routes against a whole running pinmail (real PostgreSQL, Redis, Dovecot, SMTP):
// who may call what (anonymous, support, admin), CSRF on every action, the JSON shapes that are
// interfaces, and the review actions down to the mail they send.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildMail } from "../harness/mail.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { signInSupportAndAdmin } from "../harness/web-session.js";
import { testRecords } from "../fixtures/records.js";
import { makeReference } from "../../src/core/reference.js";

let h: Harness;
let app: FastifyInstance;
const PASSWORD = "support password 1";
type Session = { cookie: string; csrf: string };
let support: Session;
let admin: Session;

/** A request row as intake would leave it, without going through the mailbox (fast, exact). */
async function seed(o: {
  sender: string;
  subject?: string;
  state?: string;
  first?: string;
  last?: string;
  reviewReason?: string;
  dueAt?: Date;
  disposition?: string;
  raw?: string;
}) {
  const raw = Buffer.from(o.raw ?? buildMail({ from: o.sender, subject: o.subject ?? "PIN Reset", body: "hello" }).raw);
  const reference = makeReference(new Date());
  return h.db.inboundRequest.create({
    data: {
      reference,
      messageKey: `<${reference}@seed.test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: 1,
      sender: o.sender,
      subject: o.subject ?? "PIN Reset",
      kind: o.state === "failed" ? null : "reset",
      state: o.state ?? "review",
      outcome: o.state === "review" || !o.state ? "needs-review" : null,
      parsedFirstName: o.first ?? null,
      parsedLastName: o.last ?? null,
      reviewReason: o.reviewReason ?? (o.state && o.state !== "review" ? null : "sender authentication: dmarc=fail"),
      dueAt: o.dueAt ?? null,
      disposition: o.disposition ?? "processed",
      rawSource: new Uint8Array(raw),
      rawSize: raw.length,
    },
  });
}

const get = (url: string, s?: Session) => app.inject({ url, headers: s ? { cookie: s.cookie } : {} });
const post = (url: string, s: Session | undefined, payload: Record<string, unknown> = {}, csrf = true) =>
  app.inject({ method: "POST", url, payload, headers: { ...(s ? { cookie: s.cookie } : {}), ...(s && csrf ? { "x-csrf-token": s.csrf } : {}) } });

beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
  app = h.service.app!;
  ({ support, admin } = await signInSupportAndAdmin(h.db, app, PASSWORD));
});
afterAll(async () => {
  await h?.stop();
});

describe("who may call what", () => {
  it("support routes: anonymous refused (401 JSON / 303 to /login), support and admin served", async () => {
    const r = await seed({ sender: "omar@northwind.test" });
    const person = await h.db.portalUser.findUniqueOrThrow({ where: { email: "omar@northwind.test" } });
    const pages = [
      "/",
      "/requests",
      `/requests/${r.reference}`,
      `/requests/${r.reference}/raw`,
      "/review",
      "/people",
      `/people/${person.id}`,
      "/failures",
      "/partials/overview",
      "/partials/latest",
      "/account/password",
    ];
    const apis = [
      "/api/overview",
      "/api/requests",
      `/api/requests/${r.reference}`,
      `/api/requests/${r.reference}/raw`,
      "/api/review",
      "/api/people",
      `/api/people/${person.id}`,
      "/api/failures",
      "/api/session",
    ];
    for (const url of pages) {
      const anon = await get(url);
      expect([url, anon.statusCode]).toEqual([url, 303]);
      expect(anon.headers.location).toMatch(/^\/login\?next=/);
      for (const s of [support, admin]) expect([url, (await get(url, s)).statusCode]).toEqual([url, 200]);
    }
    for (const url of apis) {
      const anon = await get(url);
      expect([url, anon.statusCode, anon.json().error]).toEqual([url, 401, "unauthorized"]);
      for (const s of [support, admin]) expect([url, (await get(url, s)).statusCode]).toEqual([url, 200]);
    }
  });

  it("the raw queue view is for admins only, under its own CSP", async () => {
    for (const url of ["/admin/queues", "/admin/queues/api/queues"]) {
      expect((await get(url)).statusCode).toBe(url.includes("/api/") ? 401 : 303);
      expect((await get(url, support)).statusCode).toBe(403);
      const ok = await get(url, admin);
      expect([url, ok.statusCode]).toEqual([url, 200]);
      expect(ok.headers["content-security-policy"]).toContain("style-src 'self' 'unsafe-inline'");
    }
    // Bull Board cannot send our CSRF token: its unsafe calls must come from this origin.
    const clean = { method: "PUT" as const, url: "/admin/queues/api/queues/outbox/clean/completed" };
    expect((await app.inject({ ...clean, headers: { cookie: admin.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ ...clean, headers: { cookie: admin.cookie, "sec-fetch-site": "cross-site" } })).statusCode).toBe(403);
    expect((await app.inject({ ...clean, headers: { cookie: support.cookie, "sec-fetch-site": "same-origin" } })).statusCode).toBe(403);
    expect((await app.inject({ ...clean, headers: { cookie: admin.cookie, "sec-fetch-site": "same-origin" } })).statusCode).toBeLessThan(300);
    const queues = (await get("/admin/queues/api/queues", admin)).json() as { queues: Array<{ name: string }> };
    expect(queues.queues.map((q) => q.name).sort()).toEqual(["maintenance", "outbox", "requests"]);
    // Everywhere else the strict policy holds: no inline script or style.
    const page = await get("/", support);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self';/);
    expect(page.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.body).not.toMatch(/<script>|<style>| style=/);
  });

  it("every action needs a session and the CSRF token", async () => {
    const r = await seed({ sender: "omar@northwind.test" });
    const actions = [
      `/api/requests/${r.reference}/assign`,
      `/requests/${r.reference}/assign`,
      `/api/requests/${r.reference}/approve`,
      `/api/requests/${r.reference}/reject`,
      `/api/requests/${r.reference}/correct-name`,
      `/api/requests/${r.reference}/reopen`,
      `/api/requests/${r.reference}/reprocess`,
      `/api/requests/${r.reference}/close`,
      `/api/requests/${r.reference}/preview-reply`,
      `/requests/${r.reference}/preview-reply`,
      "/api/pins/1/revoke",
      "/people/1/pins/1/revoke",
      "/api/jobs/outbox/mail-1/retry",
      "/failures/jobs/outbox/mail-1/discard",
      "/account/password",
      "/logout",
    ];
    for (const url of actions) {
      const anon = await post(url, undefined);
      expect([url, anon.statusCode]).toEqual([url, url.startsWith("/api/") ? 401 : 303]);
      const noToken = await post(url, support, {}, false);
      expect([url, noToken.statusCode]).toEqual([url, 403]);
      expect(noToken.body).toMatch(/csrf|CSRF/);
    }
    const still = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } });
    expect(still).toMatchObject({ state: "review", assignedToId: null, version: 0 });
    // With the token (header or form field), it goes through.
    expect((await post(`/api/requests/${r.reference}/assign`, support)).statusCode).toBe(200);
    const form = await app.inject({
      method: "POST",
      url: `/requests/${r.reference}/assign`,
      payload: { _csrf: admin.csrf },
      headers: { cookie: admin.cookie },
    });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/requests/${r.reference}?done=assigned`);
  });
});

describe("decisions follow the rules (issue 20)", () => {
  it("approve answers 409 not_eligible for an expired account, a dormant organization and a primary user; nothing is issued", async () => {
    for (const [sender, why] of [
      ["omar@northwind.test", /account expired on \d{4}-\d{2}-\d{2}/],
      ["eloise@gagnon.test", /organization is dormant since \d{4}-\d{2}-\d{2}/],
      ["jean.tremblay@northwind.test", /primary user/],
    ] as const) {
      const r = await seed({ sender });
      const user = await h.db.portalUser.findUniqueOrThrow({ where: { email: sender } });
      await h.db.inboundRequest.update({ where: { id: r.id }, data: { userId: user.id } });
      const res = await post(`/api/requests/${r.reference}/approve`, support, { version: 0 });
      expect([sender, res.statusCode, res.json().error]).toEqual([sender, 409, "not_eligible"]);
      expect(res.json().message).toMatch(why);
      expect(await h.db.pin.count({ where: { requestId: r.id } })).toBe(0);
      expect(await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ state: "review", version: 0 });
      // The case page says why, offers no Approve, and suggests the matching reply.
      const page = await get(`/requests/${r.reference}`, support);
      expect(page.body).toContain("No PIN can be issued.");
      expect(page.body).not.toContain("Approve and send PIN");
      const detail = (await get(`/api/requests/${r.reference}`, support)).json() as { approval: { eligible: boolean; outcome: string } };
      expect(detail.approval).toMatchObject({ eligible: false });
    }
  });

  it("a case with no usable sender address cannot be approved or answered, and can be closed", async () => {
    const r = await seed({ sender: "" });
    const approve = await post(`/api/requests/${r.reference}/approve`, support, {});
    expect([approve.statusCode, approve.json().error]).toEqual([409, "not_eligible"]);
    const reject = await post(`/api/requests/${r.reference}/reject`, support, { reason: "spam" });
    expect(reject.statusCode).toBe(422);
    expect(reject.json().message).toContain("no usable sender address");
    const page = await get(`/requests/${r.reference}`, support);
    expect(page.body).toContain("No reply possible.");
    expect(page.body).not.toContain("Approve and send PIN");
    expect(page.body).not.toContain("Preview the reply");
    expect((await post(`/api/requests/${r.reference}/close`, support, { note: "" })).statusCode).toBe(422);
    const closed = await post(`/api/requests/${r.reference}/close`, support, { note: "bounce with an empty sender", version: 0 });
    expect(closed.statusCode).toBe(200);
    expect(await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ state: "ignored", outcome: "rejected" });
    expect(await h.db.outboundMessage.count({ where: { requestId: r.id } })).toBe(0);
  });

  it("the case page shows what the person wrote as text, nothing active, the name highlighted", async () => {
    const raw = buildMail({
      from: "Maria Santos <maria.santos@northwind.test>",
      subject: "PIN Reset",
      html: `<p>Hello, I am <b>Maria Santos</b>.</p><img src="https://tracker.test/x.png" onerror="alert(1)"><script>alert(2)</script><blockquote>On Monday someone wrote: old text</blockquote>`,
    }).raw;
    const r = await seed({ sender: "maria.santos@northwind.test", first: "Maria", last: "Santos", raw });
    const page = await get(`/requests/${r.reference}`, support);
    expect(page.body).toContain("What the person wrote");
    expect(page.body).toMatch(/Hello, I am <mark class="name-found"[^>]*>Maria Santos<\/mark>/);
    expect(page.body).not.toMatch(/<img src="https:\/\/tracker|<script>alert/);
  });
});

describe("the JSON API", () => {
  it("GET /api/requests filters and pages; GET /api/requests/<ref> has the events", async () => {
    const a = await seed({ sender: "am@northwind.test", first: "Anne-Marie", last: "van der Berg", dueAt: new Date(Date.now() - 3_600_000) });
    const b = await seed({ sender: "priya@northwind-to.test", state: "answered" });
    const list = (await get("/api/requests?limit=1", support)).json() as { requests: Array<Record<string, unknown>>; next: string | null };
    expect(list.requests).toHaveLength(1);
    expect(Object.keys(list.requests[0]!).sort()).toEqual(["dueAt", "name", "outcome", "receivedAt", "reference", "sender", "state", "takenAt"]);
    expect(list.next).not.toBeNull();
    const page2 = (await get(`/api/requests?limit=1&cursor=${list.next}`, support)).json() as { requests: Array<{ reference: string }> };
    expect(page2.requests[0]!.reference).not.toBe(list.requests[0]!.reference);

    const byName = (await get("/api/requests?q=van%20der%20berg", support)).json() as { requests: Array<{ reference: string; name: string }> };
    expect(byName.requests.map((r) => r.reference)).toEqual([a.reference]);
    expect(byName.requests[0]!.name).toBe("Anne-Marie van der Berg");
    expect(((await get(`/api/requests?q=${b.reference}`, support)).json() as { requests: unknown[] }).requests).toHaveLength(1);
    const overdue = (await get("/api/requests?overdue=true", support)).json() as { requests: Array<{ reference: string }> };
    expect(overdue.requests.map((r) => r.reference)).toEqual([a.reference]);
    const answered = (await get("/api/requests?state=answered", support)).json() as { requests: Array<{ reference: string }> };
    expect(answered.requests.map((r) => r.reference)).toContain(b.reference);
    expect(answered.requests.map((r) => r.reference)).not.toContain(a.reference);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(((await get(`/api/requests?from=${tomorrow}`, support)).json() as { requests: unknown[] }).requests).toHaveLength(0);
    for (const bad of ["state=nope", "outcome=nope", "limit=500", "from=yesterday", "overdue=maybe"]) {
      const r = await get(`/api/requests?${bad}`, support);
      expect([bad, r.statusCode]).toEqual([bad, 400]);
    }
    await post(`/api/requests/${a.reference}/assign`, support, { version: 0 });
    const detail = (await get(`/api/requests/${a.reference}`, support)).json() as { events: Array<Record<string, unknown>> };
    expect(detail.events.at(-1)).toMatchObject({
      type: "staff-assigned",
      actor: "sam@support.test",
      at: expect.any(String),
      detail: { to: "sam@support.test" },
    });
    expect((await get("/api/requests/PM-NOPE", support)).statusCode).toBe(404);
  });

  it("GET /api/overview has the figures", async () => {
    // The figures are shared by all viewers for up to 2 s (issue 20): the overdue case seeded just
    // before may show on the next computation.
    const o = await vi.waitFor(
      async () => {
        const r = (await get("/api/overview", support)).json() as Record<string, any>;
        if (!r.review.overdue) throw new Error("not yet recomputed");
        return r;
      },
      { timeout: 5000, interval: 250 },
    );
    expect(o.requests.today.total).toBeGreaterThan(0);
    expect(o.queues.map((q: { name: string }) => q.name).sort()).toEqual(["maintenance", "outbox", "requests"]);
    expect(o.queues[0].counts).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      failed: expect.any(Number),
      completed: expect.any(Number),
    });
    expect(o.review.open).toBeGreaterThan(0);
    expect(o.review.overdue).toBeGreaterThan(0);
    expect(o.worker.up).toBe(true);
  });
});

describe("review actions", () => {
  it("approve sends a PIN to the registered address; a second approval of the same case is refused", async () => {
    // (Not Omar: his account has expired, and since issue 20 approve refuses him a PIN.)
    const mail = buildMail({ from: "Priya Natarajan <priya@northwind-to.test>", subject: "PIN Reset", body: "First name: Priya\nLast name: Natarajan" });
    // Older than IMAP_MAX_AGE_DAYS: pinmail answers nothing and hands it to a person.
    await h.append(mail.raw, { internalDate: new Date(Date.now() - 40 * 86_400_000) });
    let row = null;
    for (let i = 0; i < 100 && row?.state !== "review"; i++) {
      row = await h.db.inboundRequest.findUnique({ where: { messageKey: mail.messageId! } });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ state: "review" });
    const [first, second] = await Promise.all([
      post(`/api/requests/${row!.reference}/approve`, support, { version: row!.version }),
      post(`/api/requests/${row!.reference}/approve`, admin, { version: row!.version }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const [reply] = await h.replies((to, s) => to.includes("priya@northwind-to.test") && s === "Re: PIN Reset");
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);
    const pins = await h.db.pin.count({ where: { requestId: row!.id } });
    expect(pins).toBe(1);
    const after = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: row!.id }, include: { events: true } });
    expect(after).toMatchObject({ outcome: "pin-issued" });
    expect(after.events.find((e) => e.type === "staff-approved")?.actor).toMatch(/@(support|admin)\.test$/);
    // The dashboard never shows the PIN, not even in the reply as sent.
    const detail = await get(`/api/requests/${row!.reference}`, support);
    expect(detail.body).not.toContain(pinOf(reply!)!);
    const sent = (detail.json() as { replies: Array<{ id: number }> }).replies[0]!;
    const asHtml = await get(`/requests/${row!.reference}/replies/${sent.id}/html`, support);
    expect(asHtml.statusCode).toBe(200);
    expect(asHtml.headers["content-security-policy"]).toMatch(/default-src 'none'.*sandbox/);
    expect(asHtml.body).not.toContain(pinOf(reply!)!);
  });

  it("reject sends the chosen reply with the message, never the internal note (issue 20)", async () => {
    const r = await seed({ sender: "priya@northwind-to.test", subject: "PIN Reset please" });
    expect((await post(`/api/requests/${r.reference}/reject`, support, { reason: "" })).statusCode).toBe(422);
    expect((await post(`/api/requests/${r.reference}/reject`, support, { reason: "x", template: "pin-issued" })).statusCode).toBe(422);
    const body = {
      reason: "INTERNAL: looks like a forwarded phishing test",
      message: "We could not confirm this request came from you.",
      template: "rejected",
    };
    const preview = await post(`/api/requests/${r.reference}/preview-reply`, support, body);
    expect(preview.statusCode).toBe(200);
    const p = preview.json() as { to: string; locale: string; subject: string; text: string };
    expect(p).toMatchObject({ to: "priya@northwind-to.test", locale: "en", subject: "Re: PIN Reset please" });
    expect(p.text).toContain("We could not confirm this request came from you.");
    expect(p.text).not.toContain("INTERNAL");
    const ok = await post(`/api/requests/${r.reference}/reject`, support, body);
    expect(ok.statusCode).toBe(200);
    const [reply] = await h.replies((to, s) => to.includes("priya@northwind-to.test") && s === "Re: PIN Reset please");
    expect(reply!.parsed.text).toContain("We could not confirm this request came from you.");
    expect(reply!.raw.toString()).not.toContain("INTERNAL");
    const norm = (t: string) => t.replace(/\r\n/g, "\n").trim();
    expect(norm(reply!.parsed.text!)).toBe(norm(p.text));
    const events = (await get(`/api/requests/${r.reference}`, support)).json() as { events: Array<{ type: string; detail: Record<string, unknown> }> };
    expect(events.events.find((e) => e.type === "staff-rejected")?.detail).toMatchObject({ reason: body.reason, message: body.message });
    expect(pinOf(reply!)).toBeNull();
    expect(await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ outcome: "rejected" });
    expect((await post(`/api/requests/${r.reference}/reject`, support, { reason: "again" })).statusCode).toBe(409);
  });

  it("correcting the name re-runs verification; reopen puts an answered case back; a PIN can be revoked", async () => {
    const r = await seed({ sender: "am@northwind.test", subject: "PIN reset AM", first: "Anne Marie", last: "Berg" });
    const fixed = await post(`/api/requests/${r.reference}/correct-name`, support, { firstName: "Anne-Marie", lastName: "van der Berg", version: 0 });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ ok: true, outcome: "pin-issued" });
    const [reply] = await h.replies((to, s) => to.includes("am@northwind.test") && s === "Re: PIN reset AM");
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);

    const user = await h.db.portalUser.findUniqueOrThrow({ where: { email: "am@northwind.test" } });
    const person = (await get(`/api/people/${user.id}`, support)).json() as { pins: Array<{ id: number; status: string }> };
    const live = person.pins.find((p) => p.status === "outstanding")!;
    expect(live).toBeDefined();
    expect(JSON.stringify(person)).not.toContain(pinOf(reply!)!);
    expect((await post(`/api/pins/${live.id}/revoke`, support, { reason: "asked by phone" })).statusCode).toBe(200);
    const again = await post(`/api/pins/${live.id}/revoke`, support, { reason: "again" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: "conflict", message: "this PIN is already used, revoked or replaced" });
    // The People page says the same refusal, from its code (issue 14: typed refusals).
    const page = await post(`/people/${user.id}/pins/${live.id}/revoke`, support, { _csrf: support.csrf, reason: "again" });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('<p class="error" role="alert">this PIN is already used, revoked or replaced</p>');
    expect((await h.db.pin.findUniqueOrThrow({ where: { id: live.id } })).revokedAt).not.toBeNull();

    for (let i = 0; i < 100; i++) {
      if ((await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } })).state === "answered") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const reopened = await post(`/api/requests/${r.reference}/reopen`, admin, { note: "records typo" });
    expect(reopened.statusCode).toBe(200);
    expect(await h.db.inboundRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      state: "review",
      reviewReason: "reopened by ada@admin.test: records typo",
    });
    // Approving the reopened case issues a fresh PIN; the request now links to that one.
    expect((await post(`/api/requests/${r.reference}/approve`, admin)).statusCode).toBe(200);
    const pins = await h.db.pin.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(pins).toHaveLength(2);
    expect(pins[1]!.requestId).toBe(r.id);
    expect(pins[0]!.requestId).toBeNull();
  });
});

describe("failures", () => {
  it("a failed job can be retried or discarded; an attention-folder message can be re-processed", async () => {
    const q = h.service.producers.queues.outbox;
    // An invalid payload fails on the first attempt, whatever the worker does.
    const a = await q.add("send-mail", { outboxId: -1 }, { jobId: "broken-a" });
    const b = await q.add("send-mail", { outboxId: -2 }, { jobId: "broken-b" });
    for (let i = 0; i < 100 && !((await a.isFailed()) && (await b.isFailed())); i++) await new Promise((r) => setTimeout(r, 50));
    const listed = (await get("/api/failures", support)).json() as { jobs: Array<{ id: string; queue: string; failedReason: string }> };
    expect(listed.jobs.map((j) => j.id)).toEqual(expect.arrayContaining(["broken-a", "broken-b"]));
    expect((await get("/failures", support)).body).toContain("broken-a");

    expect((await post("/api/jobs/outbox/broken-a/retry", support)).statusCode).toBe(200);
    expect((await post("/api/jobs/outbox/broken-b/discard", admin)).statusCode).toBe(200);
    expect(await q.getJob("broken-b")).toBeUndefined();
    expect((await post("/api/jobs/outbox/broken-b/discard", admin)).statusCode).toBe(404);
    const events = await h.db.auditEvent.findMany({ where: { type: { in: ["staff-retried-job", "staff-discarded-job"] } } });
    expect(events.map((e) => [e.type, e.actor]).sort()).toEqual([
      ["staff-discarded-job", "ada@admin.test"],
      ["staff-retried-job", "sam@support.test"],
    ]);

    const good = buildMail({
      from: "Maria Santos <maria.santos@northwind.test>",
      subject: "PIN Reset (from attention)",
      body: "First name: Maria\nLast name: Santos",
    });
    const r = await seed({ sender: "unknown", subject: "(unreadable)", state: "failed", disposition: "attention", raw: good.raw });
    expect((await get("/failures", support)).body).toContain(r.reference);
    const done = await post(`/api/requests/${r.reference}/reprocess`, support);
    expect(done.statusCode).toBe(200);
    const [reply] = await h.replies((to, s) => to.includes("maria.santos@northwind.test") && s === "Re: PIN Reset (from attention)");
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);
    expect((await post(`/api/requests/${r.reference}/reprocess`, support)).statusCode).toBe(409);
  });
});

describe("content from email", () => {
  it("is escaped on every page", async () => {
    const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
    const r = await seed({ sender: "x@evil.test", subject: evil, first: "<b>Bob</b>", last: '"><svg onload=alert(3)>' });
    for (const url of ["/", "/requests", `/requests/${r.reference}`, "/review", `/requests?q=${encodeURIComponent("<script>")}`]) {
      const body = (await get(url, support)).body;
      expect([url, body.includes("<script>alert(1)")]).toEqual([url, false]);
      expect(body).not.toContain("<img src=x");
      expect(body).not.toContain("<svg onload");
      expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });
});

describe("outside text on staff pages (issue 13.13)", () => {
  it("names and subjects sit in <bdi>, with invisible characters shown as labelled marks", async () => {
    // "PIN Reset" followed by a right-to-left override that would flip the rest of the cell.
    const r = await seed({ sender: "omar@northwind.test", subject: "PIN Reset \u202egnp.exe", first: "Om\u200bar", last: "Haddad\u2066" });
    for (const url of [`/requests/${r.reference}`, "/review", "/"]) {
      const page = await get(url, support);
      expect(page.statusCode, url).toBe(200);
      // Form fields keep the value as it is (staff correct it there); everywhere else it is shown.
      expect(page.body.replace(/ value="[^"]*"/g, ""), url).not.toMatch(/[\u202e\u200b\u2066]/);
      expect(page.body, url).toContain(
        '<bdi>PIN Reset <span class="invisible-char" title="hidden character: right-to-left override (U+202E)">U+202E</span>gnp.exe</bdi>',
      );
    }
    const detail = await get(`/requests/${r.reference}`, support);
    expect(detail.body).toContain("(U+200B)");
    expect(detail.body).toContain("(U+2066)");
    expect(detail.body).toContain("<bdi>omar@northwind.test</bdi>");
  });
});
