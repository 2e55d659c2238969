// Legal holds and purged sources over HTTP (issue 19): admin-only hold API and page forms on the
// People and case pages, and 410 for a raw source the retention purge removed.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetention } from "../../src/retention/run-retention.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { seedRequest, seedUser, TODAY } from "../harness/retention-seed.js";
import { signInSupportAndAdmin } from "../harness/web-session.js";
import { readZip } from "../harness/zip-reader.js";

let h: Harness;
let app: FastifyInstance;
type Session = { cookie: string; csrf: string };
let support: Session;
let admin: Session;
const PASSWORD = "a long staff password 1";

const call = (method: "GET" | "POST" | "DELETE", url: string, s?: Session, payload?: Record<string, unknown>, csrf = true) =>
  app.inject({ method, url, payload, headers: { ...(s ? { cookie: s.cookie } : {}), ...(s && csrf ? { "x-csrf-token": s.csrf } : {}) } });

beforeAll(async () => {
  h = await startHarness({ role: "web" });
  app = h.service.app!;
  ({ support, admin } = await signInSupportAndAdmin(h.db, app, PASSWORD));
});
afterAll(async () => {
  await h?.stop();
});

describe("legal holds over HTTP", () => {
  it("a person: admins only, reason required, audited, shown on the People page with the button", async () => {
    const user = await seedUser(h.db, "grace@example.test", { first: "Grace", last: "Hopper" });
    const url = `/api/people/${user.id}/hold`;
    expect((await call("POST", url, undefined, { reason: "x" })).statusCode).toBe(401);
    expect((await call("POST", url, support, { reason: "x" })).statusCode).toBe(403);
    expect((await call("POST", url, admin, { reason: "x" }, false)).statusCode).toBe(403);
    const bad = await call("POST", url, admin, { reason: " " });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: "invalid", message: expect.stringMatching(/^reason: required/) });
    expect((await call("POST", "/api/people/999999/hold", admin, { reason: "x" })).statusCode).toBe(404);

    const ok = await call("POST", url, admin, { reason: "access request ATIP-9" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      ok: true,
      hold: { target: "person", email: "grace@example.test", reason: "access request ATIP-9", placedBy: "ada@admin.test" },
    });
    expect((await call("POST", url, admin, { reason: "again" })).statusCode).toBe(409);
    expect(await h.db.auditEvent.count({ where: { type: "hold-placed", userId: user.id } })).toBe(1);

    const page = await call("GET", `/people/${user.id}`, admin);
    expect(page.body).toContain("On hold</strong>");
    expect(page.body).toContain("access request ATIP-9");
    expect(page.body).toContain(`action="/people/${user.id}/unhold"`);
    // Support staff see the hold, not the button.
    const seen = await call("GET", `/people/${user.id}`, support);
    expect(seen.body).toContain("On hold</strong>");
    expect(seen.body).not.toContain(`/people/${user.id}/unhold`);

    expect((await call("DELETE", url, support)).statusCode).toBe(403);
    expect((await call("DELETE", url, admin)).statusCode).toBe(200);
    expect((await call("DELETE", url, admin)).statusCode).toBe(404);
    // The page form: 303 back to the person with a notice.
    const form = await call("POST", `/people/${user.id}/hold`, admin, { reason: "from the page" });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/people/${user.id}?done=held`);
    expect((await call("GET", `/people/${user.id}?done=held`, admin)).body).toContain("On legal hold");
  });

  it("a request: hold and lift through the API and the case page; a purged source answers 410", async () => {
    const held = await seedRequest(h.db, "case@example.test", 800);
    const purged = await seedRequest(h.db, "old@example.test", 800);
    const ref = encodeURIComponent(held.reference);
    expect((await call("POST", `/api/requests/${ref}/hold`, support, { reason: "x" })).statusCode).toBe(403);
    expect((await call("POST", `/api/requests/RQ-NOPE/hold`, admin, { reason: "x" })).statusCode).toBe(404);
    const ok = await call("POST", `/api/requests/${ref}/hold`, admin, { reason: "litigation 2027-17" });
    expect(ok.json()).toMatchObject({ ok: true, hold: { target: "request", reference: held.reference, reason: "litigation 2027-17" } });
    const page = await call("GET", `/requests/${ref}`, admin);
    expect(page.body).toContain("litigation 2027-17");
    expect(page.body).toContain(`action="/requests/${ref}/unhold"`);

    await runRetention({ db: h.db, settings: { rawMailDays: 90, recordDays: 3650, mailboxDays: 90 }, mailbox: null }, TODAY, "test");
    const gone = await call("GET", `/api/requests/${encodeURIComponent(purged.reference)}/raw`, support);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ error: "gone" });
    expect((await call("GET", `/requests/${encodeURIComponent(purged.reference)}`, support)).body).toContain("removed by the retention purge");
    // An attention-folder message whose source is gone cannot be re-processed: 409, not a parse of nothing.
    const attention = await seedRequest(h.db, "odd@example.test", 800, { state: "failed", reply: false });
    await h.db.inboundRequest.update({ where: { id: attention.id }, data: { disposition: "attention" } });
    await runRetention({ db: h.db, settings: { rawMailDays: 90, recordDays: 3650, mailboxDays: 90 }, mailbox: null }, TODAY, "test");
    const again = await call("POST", `/api/requests/${encodeURIComponent(attention.reference)}/reprocess`, support);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/removed by the retention purge/);
    const kept = await call("GET", `/api/requests/${ref}/raw`, support);
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toContain("Hello, I am Ada Lovelace");

    const lift = await call("POST", `/requests/${ref}/unhold`, admin);
    expect(lift.statusCode).toBe(303);
    expect(await h.db.legalHold.count({ where: { requestId: held.id } })).toBe(0);
    expect(
      (await h.db.auditEvent.findMany({ where: { requestId: held.id, type: { startsWith: "hold-" } }, orderBy: { id: "asc" } })).map((e) => e.type),
    ).toEqual(["hold-placed", "hold-lifted"]);
  });

  it("a person's data: admins download the archive and erase with the address typed; the Data page", async () => {
    const user = await seedUser(h.db, "mary@example.test", { first: "Mary", last: "Jackson" });
    await seedRequest(h.db, "mary@example.test", 3, { userId: user.id });
    const page = await call("GET", `/people/${user.id}`, admin);
    expect(page.body).toContain(`action="/people/${user.id}/export"`);
    expect(page.body).toContain(`action="/people/${user.id}/erase"`);
    expect((await call("GET", `/people/${user.id}`, support)).body).not.toContain("/erase");

    expect((await call("POST", `/people/${user.id}/export`, support)).statusCode).toBe(403);
    const zip = await call("POST", `/people/${user.id}/export`, admin);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    const doc = JSON.parse(readZip(zip.rawPayload).get("person.json")!.toString("utf8"));
    expect(doc.registered).toMatchObject({ firstName: "Mary", lastName: "Jackson" });

    expect((await call("POST", `/api/people/${user.id}/erase`, support, { reason: "asked", confirm: "mary@example.test" })).statusCode).toBe(403);
    const wrong = await call("POST", `/api/people/${user.id}/erase`, admin, { reason: "asked", confirm: "someone@example.test" });
    expect(wrong.statusCode).toBe(422);
    expect(await h.db.inboundRequest.count({ where: { sender: "mary@example.test" } })).toBe(1);
    const form = await call("POST", `/people/${user.id}/erase`, admin, { reason: "asked on 2027-06-01", confirm: "Mary@Example.test" });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/people/${user.id}?done=erased`);
    expect(await h.db.inboundRequest.count({ where: { sender: "mary@example.test" } })).toBe(0);
    expect((await call("POST", `/api/people/${user.id}/erase`, admin, { reason: "again", confirm: "mary@example.test" })).statusCode).toBe(404);

    // The Data page: admins only; settings in force, last run, holds, next run's preview.
    expect((await call("GET", "/data", support)).statusCode).toBe(403);
    const data = await call("GET", "/api/data", admin);
    expect(data.statusCode).toBe(200);
    const v = data.json();
    expect(v.settings).toEqual({ rawMailDays: 730, recordDays: 730, mailboxDays: 730 });
    expect(v.lastRun).toMatchObject({ actor: "test", counts: { rawMail: 1 } });
    expect(v.nextRun.counts).toMatchObject({ mailbox: null });
    expect(v.holds.map((x: { email: string | null }) => x.email)).toContain("grace@example.test");
    const html = (await call("GET", "/data", admin)).body;
    expect(html).toContain("Retention in force");
    expect(html).toContain("730 days (2 years) after arrival");
    expect(html).toContain("daily at 02:30 America/Toronto time");
    expect(html).toContain("grace@example.test");
    expect(html).toContain('href="/data" aria-current="page"');
  });
});
