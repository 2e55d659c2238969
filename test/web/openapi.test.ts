// The JSON API's schemas (issue 14.5): /api/openapi.json lists every /api route the app registers,
// a malformed body or query answers 400 invalid_request, authentication and roles are checked
// before the body is validated, and answers serialised through their schemas lose no field.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPerson } from "../../src/web/support/people-data.js";
import { listReview, loadRequest } from "../../src/web/support/request-data.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { seedRequest, seedUser } from "../harness/retention-seed.js";
import { signInSupportAndAdmin, type StaffSession } from "../harness/web-session.js";

let h: Harness;
let app: FastifyInstance;
let support: StaffSession;
let admin: StaffSession;
const PASSWORD = "an openapi staff password 1";

const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, s?: StaffSession, payload?: unknown, csrf = true) =>
  app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    headers: { ...(s ? { cookie: s.cookie } : {}), ...(s && csrf ? { "x-csrf-token": s.csrf } : {}) },
  });

/** "GET /api/requests/{ref}" for every route the app registered under /api/, read from Fastify's own route tree. */
function registeredApiRoutes(): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = stack.join("");
    if (!m[3] || !path.startsWith("/api/")) continue;
    for (const method of m[3].split(", ")) if (method !== "HEAD") out.add(`${method} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
  }
  return out;
}

type Doc = { openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>> };

beforeAll(async () => {
  h = await startHarness({ role: "web" });
  app = h.service.app!;
  ({ support, admin } = await signInSupportAndAdmin(h.db, app, PASSWORD));
});
afterAll(async () => {
  await h?.stop();
});

describe("GET /api/openapi.json", () => {
  it("is for signed-in staff and lists every /api route the app registers, each with its path parameters and an answer", async () => {
    expect((await call("GET", "/api/openapi.json")).statusCode).toBe(401);
    const r = await call("GET", "/api/openapi.json", support);
    expect(r.statusCode).toBe(200);
    const doc = r.json() as Doc;
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const registered = registeredApiRoutes();
    // Sanity: the route tree was read (the dashboard, templates, enrollment and sign-ins are all there).
    for (const must of ["GET /api/requests/{ref}", "POST /api/requests/{ref}/approve", "GET /api/templates", "POST /api/enrollments", "POST /api/sign-ins"])
      expect(registered).toContain(must);
    // A route registered without a schema is missing from the document: this fails and names it.
    expect([...registered].filter((k) => !documented.has(k)).sort()).toEqual([]);
    expect([...documented].filter((k) => !registered.has(k)).sort()).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        expect([method, path, op.parameters.filter((p) => p.in === "path").map((p) => p.name)]).toEqual([method, path, names]);
        expect([method, path, Object.keys(op.responses).some((c) => c.startsWith("2"))]).toEqual([method, path, true]);
      }
    }
    expect(doc.paths["/api/enrollments"]!["post"]).toMatchObject({ security: [{ portalToken: [] }], requestBody: { content: { "application/json": {} } } });
  });
});

describe("validation", () => {
  it("a malformed query or body answers 400 invalid_request with a message; a form gets a page", async () => {
    const seeded = await seedRequest(h.db, "val@example.test", 1, { state: "review", outcome: "needs-review", reply: false });
    const query = await call("GET", "/api/requests?limit=lots", support);
    expect(query.statusCode).toBe(400);
    expect(query.json()).toEqual({ error: "invalid_request", message: "query.limit: must be a whole number" });
    expect((await call("GET", "/api/requests?state=nope", support)).json()).toMatchObject({
      error: "invalid_request",
      message: expect.stringMatching(/^query\.state: must be one of /),
    });
    // What only the filter parser knows (a date) answers the same way.
    expect((await call("GET", "/api/requests?from=yesterday", support)).json()).toMatchObject({
      error: "invalid_request",
      message: expect.stringMatching(/^from: /),
    });

    const body = await call("POST", `/api/requests/${seeded.reference}/approve`, support, { version: "three" });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toEqual({ error: "invalid_request", message: "body.version: must be a whole number or null" });
    const twice = await call("POST", `/api/requests/${seeded.reference}/reject`, support, { reason: ["a", "b"] });
    expect(twice.json()).toEqual({ error: "invalid_request", message: "body.reason: must be a string" });
    const notObject = await call("POST", `/api/pins/1/revoke`, support, [1, 2]);
    expect([notObject.statusCode, notObject.json().error]).toEqual([400, "invalid_request"]);
    // Nothing changed on the case.
    expect((await h.db.inboundRequest.findUniqueOrThrow({ where: { id: seeded.id } })).state).toBe("review");

    // The page's form: a page with the message, not JSON.
    const form = await app.inject({
      method: "POST",
      url: `/requests/${seeded.reference}/approve`,
      payload: `_csrf=${encodeURIComponent(support.csrf)}&version=three`,
      headers: { cookie: support.cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.statusCode).toBe(400);
    expect(form.headers["content-type"]).toMatch(/^text\/html/);
    expect(form.body).toContain("body.version: must be a whole number or null");
  });

  it("anonymous and wrong-role calls with an invalid body keep their 401 and 403 (checked before validation)", async () => {
    const invalid = { reason: ["a", "b"] };
    expect((await call("POST", "/api/requests/PM-X/reject", undefined, invalid)).statusCode).toBe(401);
    const user = await seedUser(h.db, "held@example.test");
    const wrongRole = await call("POST", `/api/people/${user.id}/hold`, support, invalid);
    expect([wrongRole.statusCode, wrongRole.json().error]).toEqual([403, "forbidden"]);
    const noCsrf = await call("POST", `/api/people/${user.id}/hold`, admin, invalid, false);
    expect([noCsrf.statusCode, noCsrf.json().error]).toEqual([403, "csrf"]);
    // Anonymous form posts still go to the sign-in page.
    const form = await app.inject({
      method: "POST",
      url: "/requests/PM-X/reject",
      payload: "reason=a&reason=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect([form.statusCode, form.headers.location]).toEqual([303, "/login"]);
    // And the admin gets the validation answer.
    expect((await call("POST", `/api/people/${user.id}/hold`, admin, invalid)).json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("answers through their schemas", () => {
  it("a request, a person and the review queue keep every field their builders return", async () => {
    const user = await seedUser(h.db, "fields@example.test", { first: "Grace", last: "Hopper" });
    const answered = await seedRequest(h.db, "fields@example.test", 3, { userId: user.id });
    const open = await seedRequest(h.db, "fields@example.test", 1, { state: "review", outcome: "needs-review", userId: null, reply: false });
    await h.db.legalHold.create({ data: { requestId: answered.id, reason: "ATIP-1", placedBy: "ada@admin.test" } });
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

    for (const ref of [answered.reference, open.reference]) {
      const api = (await call("GET", `/api/requests/${ref}`, support)).json();
      expect(api).toEqual(plain(await loadRequest(h.db, ref)));
    }
    const person = (await call("GET", `/api/people/${user.id}`, support)).json();
    expect(person).toEqual(plain(await loadPerson(h.db, user.id, new Date())));
    expect(person.pins).toHaveLength(1);
    expect((await call("GET", "/api/review", support)).json()).toEqual({ cases: plain(await listReview(h.db)) });
  });
});

describe("an address no route answers", () => {
  it("the JSON API answers 404 not_found in its own shape; a page address gets a page in words, in the staff's language", async () => {
    const api = await call("POST", "/api/requests/PM-X/frobnicate", support);
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: "not_found", message: "no route POST /api/requests/PM-X/frobnicate" });

    const page = await call("GET", "/no-such-page?x=1", support);
    expect(page.statusCode).toBe(404);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("There is no page at this address.");
    expect(page.body).not.toContain('"statusCode"');

    expect((await call("PUT", "/api/account/language", support, { locale: "fr" })).statusCode).toBe(200);
    try {
      const fr = await call("GET", "/no-such-page", support);
      expect(fr.statusCode).toBe(404);
      expect(fr.body).toContain("Il n’y a pas de page à cette adresse.");
    } finally {
      await call("PUT", "/api/account/language", support, { locale: null });
    }
  });
});
