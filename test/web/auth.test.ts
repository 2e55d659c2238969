// Sign-in, sessions, lockout, CSRF and the guard's answers, through app.inject() against a real
// (per-file) PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { requireStaff } from "../../src/web/auth/guards.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { cookieFrom, signIn } from "../harness/web-session.js";

let testDb: TestDb;
let db: Db;
let app: FastifyInstance;
let clock = new Date();
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  await addStaff(db, { email: "sam@support.test", role: "support", password: PASSWORD });
  await addStaff(db, { email: "ada@admin.test", role: "admin", password: PASSWORD });
  await addStaff(db, { email: "lock@support.test", role: "support", password: PASSWORD });
  app = await buildTestApp(db, {
    auth: { maxFailures: 3 },
    now: () => clock,
    plugins: [
      (a) => {
        a.register(async (scope) => {
          scope.addHook("preHandler", requireStaff("admin"));
          scope.get("/admin/probe", async () => "admin page");
          scope.post("/api/admin/probe", async (req) => ({ by: req.staff.email }));
        });
      },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await testDb?.drop();
});

describe("sign-in", () => {
  it("the login form has email and password fields and a CSRF token; a wrong token is refused", async () => {
    const page = await app.inject({ url: "/login" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="email"/);
    expect(page.body).toMatch(/name="password"/);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    const bad = await app.inject({
      method: "POST",
      url: "/login",
      payload: { email: "sam@support.test", password: PASSWORD, _csrf: "nope" },
      headers: { cookie: cookieFrom(page) },
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.headers["set-cookie"]?.toString()).not.toContain("pinmail_session=");
  });

  it("a good sign-in sets an HttpOnly SameSite session cookie and redirects to next", async () => {
    const r = await signIn(app, "sam@support.test", PASSWORD, "/requests");
    expect(r.response.statusCode).toBe(303);
    expect(r.response.headers.location).toBe("/requests");
    expect(r.setCookie).toMatch(/pinmail_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(r.setCookie).not.toContain("Secure");
    const s = await app.inject({ url: "/api/session", headers: { cookie: r.cookie } });
    expect(s.json()).toEqual({ email: "sam@support.test", role: "support", csrfToken: expect.any(String) });
  });

  it("cookies are Secure when the dashboard is served over https", async () => {
    const secure = await buildTestApp(db, { auth: { secureCookies: true } });
    try {
      const r = await signIn(secure, "sam@support.test", PASSWORD);
      expect(r.setCookie).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it("an open redirect through next is refused", async () => {
    const r = await signIn(app, "sam@support.test", PASSWORD, "//evil.example/x");
    expect(r.response.headers.location).toBe("/");
  });

  it("locks the account after repeated failures, even for the right password, until the lockout passes", async () => {
    // A locked account gets the same 401 and words as a wrong password (issue 13.12).
    for (let i = 0; i < 3; i++) expect((await signIn(app, "lock@support.test", "wrong password!")).response.statusCode).toBe(401);
    const refused = await signIn(app, "lock@support.test", PASSWORD);
    expect(refused.response.statusCode).toBe(401);
    expect(refused.cookie).toBe("");
    const row = await db.staffAccount.findUniqueOrThrow({ where: { email: "lock@support.test" } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(clock.getTime());
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await signIn(app, "lock@support.test", PASSWORD)).response.statusCode).toBe(303);
  });

  it("a session expires after 8 idle hours", async () => {
    const { cookie } = await signIn(app, "sam@support.test", PASSWORD);
    clock = new Date(clock.getTime() + 5 * 3_600_000);
    expect((await app.inject({ url: "/api/session", headers: { cookie } })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 5 * 3_600_000); // 5 h after the last use, 10 h after sign-in: still alive
    expect((await app.inject({ url: "/api/session", headers: { cookie } })).statusCode).toBe(200);
    const idle = await signIn(app, "sam@support.test", PASSWORD);
    clock = new Date(clock.getTime() + 8 * 3_600_000 + 1000);
    expect((await app.inject({ url: "/api/session", headers: { cookie: idle.cookie } })).statusCode).toBe(401);
  });
});

describe("the guard", () => {
  it("anonymous: 401 JSON under /api/, 303 to /login for pages", async () => {
    const api = await app.inject({ url: "/api/session" });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ error: "unauthorized" });
    const page = await app.inject({ url: "/admin/probe" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/login?next=%2Fadmin%2Fprobe");
  });

  it("support is refused admin routes: 403 JSON under /api/, 403 page otherwise", async () => {
    const { cookie, csrf } = await signIn(app, "sam@support.test", PASSWORD);
    const page = await app.inject({ url: "/admin/probe", headers: { cookie } });
    expect(page.statusCode).toBe(403);
    expect(page.headers["content-type"]).toContain("text/html");
    const api = await app.inject({ method: "POST", url: "/api/admin/probe", headers: { cookie, "x-csrf-token": csrf } });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: "forbidden" });
  });

  it("admin passes; unsafe methods need the CSRF token (header or _csrf field)", async () => {
    const { cookie, csrf } = await signIn(app, "ada@admin.test", PASSWORD);
    expect((await app.inject({ url: "/admin/probe", headers: { cookie } })).body).toBe("admin page");
    const none = await app.inject({ method: "POST", url: "/api/admin/probe", headers: { cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ error: "csrf" });
    const wrong = await app.inject({ method: "POST", url: "/api/admin/probe", headers: { cookie, "x-csrf-token": csrf.slice(1) + "x" } });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({ method: "POST", url: "/api/admin/probe", headers: { cookie, "x-csrf-token": csrf } });
    expect(ok.json()).toEqual({ by: "ada@admin.test" });
    const form = await app.inject({ method: "POST", url: "/api/admin/probe", headers: { cookie }, payload: { _csrf: csrf } });
    expect(form.json()).toEqual({ by: "ada@admin.test" });
  });

  it("sign-out ends the session; changing the password ends the other sessions", async () => {
    const a = await signIn(app, "ada@admin.test", PASSWORD);
    const b = await signIn(app, "ada@admin.test", PASSWORD);
    const out = await app.inject({ method: "POST", url: "/logout", headers: { cookie: a.cookie }, payload: { _csrf: a.csrf } });
    expect(out.statusCode).toBe(303);
    expect((await app.inject({ url: "/api/session", headers: { cookie: a.cookie } })).statusCode).toBe(401);

    const c = await signIn(app, "ada@admin.test", PASSWORD);
    const changed = await app.inject({
      method: "POST",
      url: "/account/password",
      headers: { cookie: b.cookie },
      payload: { _csrf: b.csrf, current: PASSWORD, next: "a brand new password", confirm: "a brand new password" },
    });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ url: "/api/session", headers: { cookie: b.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/session", headers: { cookie: c.cookie } })).statusCode).toBe(401);
    expect((await signIn(app, "ada@admin.test", "a brand new password")).response.statusCode).toBe(303);
  });

  it("scripts sign in with JSON at POST /api/session", async () => {
    const r = await app.inject({ method: "POST", url: "/api/session", payload: { email: "sam@support.test", password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ email: "sam@support.test", role: "support" });
    const form = await app.inject({
      method: "POST",
      url: "/api/session",
      payload: "email=sam%40support.test&password=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.statusCode).toBe(415);
  });

  it("the open routes stay open", async () => {
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/metrics" })).statusCode).toBe(200);
  });
});

void Fastify;
