// Attacks on the staff sign-in (issue 13, items 2, 3, 12, 13): parallel guesses against the
// lockout, an open redirect through `next`, telling accounts apart by answer or work, weak stored
// hashes, and the session's lifetime, cookie and transport. A real PostgreSQL per file; the password
// check is wrapped (still the real scrypt) only to count which stored hash each attempt checks.
import { randomBytes, scryptSync } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { safeNext } from "../../src/web/auth/guards.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { signIn } from "../harness/web-session.js";

/** Every stored hash a password was checked against, in order. */
const checked: string[] = [];
vi.mock("../../src/staff/password-hash.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/staff/password-hash.js")>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      checked.push(stored);
      return real.verifyPassword(password, stored);
    },
  };
});

const PASSWORD = "correct horse battery staple";
let testDb: TestDb;
let db: Db;
let app: FastifyInstance;
let clock = new Date();

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  for (const email of ["race@staff.test", "same@staff.test", "locked@staff.test", "old@staff.test", "life@staff.test"]) {
    await addStaff(db, { email, role: "support", password: PASSWORD });
  }
  app = await buildTestApp(db, { auth: { maxFailures: 5 }, now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await testDb?.drop();
});
beforeEach(() => {
  checked.length = 0;
});

const apiSignIn = (email: string, password: string) => app.inject({ method: "POST", url: "/api/session", payload: { email, password } });
const hashOf = async (email: string) => (await db.staffAccount.findUniqueOrThrow({ where: { email } })).passwordHash;
const realChecks = (hash: string) => checked.filter((h) => h === hash).length;

describe("13.2 the lockout holds under parallel guesses", () => {
  it("20 parallel wrong guesses against a limit of 5: at most 5 are checked, and the right password is then refused", async () => {
    const hash = await hashOf("race@staff.test");
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => apiSignIn("race@staff.test", `wrong guess ${i}`)));
    expect(answers.every((r) => r.statusCode === 401)).toBe(true);
    expect(realChecks(hash)).toBeLessThanOrEqual(5);
    expect(realChecks(hash)).toBeGreaterThan(0);
    expect((await apiSignIn("race@staff.test", PASSWORD)).statusCode).toBe(401);
    expect(realChecks(hash)).toBeLessThanOrEqual(5);
    const row = await db.staffAccount.findUniqueOrThrow({ where: { email: "race@staff.test" } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(clock.getTime());
    // 21 scrypt checks at 128 MiB, two at a time: ~5 s on an idle 2-core machine, far more when it is shared.
  }, 120_000);
});

describe("13.3 no open redirect after sign-in", () => {
  const hostile = [
    "/\t/evil.example/x",
    "/%09/evil.example/x",
    "/\n/evil.example/x",
    "/\r\n/evil.example/x",
    "/ /evil.example/x",
    "/\\evil.example/x",
    "/\\/evil.example/x",
    "//evil.example/x",
    "///evil.example/x",
    "/.//evil.example",
    "/\u200b/evil.example/x",
    "https://evil.example/x",
    "javascript:alert(1)",
    "/x/../\t/evil.example",
  ];
  it.each(hostile.map((n) => [JSON.stringify(n), n]))("next=%s stays on this site", async (_label, next) => {
    const r = await signIn(app, "same@staff.test", PASSWORD, next);
    expect(r.response.statusCode).toBe(303);
    const location = String(r.response.headers.location);
    // What a browser makes of it: strip tabs/newlines as the URL parser does, then resolve.
    const resolved = new URL(location.replace(/[\t\n\r]/g, ""), "https://pinmail.example");
    expect(resolved.origin).toBe("https://pinmail.example");
    expect(location).toBe("/");
  });
  it("keeps an ordinary path with its query and fragment", () => {
    expect(safeNext("/requests?state=review&q=Ann%C3%A9e#top")).toBe("/requests?state=review&q=Ann%C3%A9e#top");
    expect(safeNext("/admin/templates/pin-issued/en")).toBe("/admin/templates/pin-issued/en");
  });
});

describe("13.12 one answer and the same work for unknown, locked and wrong-password sign-ins", () => {
  const stripVolatile = (r: LightMyRequestResponse) => ({ status: r.statusCode, body: r.body });

  it("answers the same and checks exactly one hash of today's cost each time", async () => {
    // Lock one account first.
    for (let i = 0; i < 5; i++) await apiSignIn("locked@staff.test", `wrong ${i}`);
    checked.length = 0;
    const unknown = await apiSignIn("nobody@staff.test", "wrong password!");
    const unknownChecks = checked.splice(0);
    const locked = await apiSignIn("locked@staff.test", PASSWORD);
    const lockedChecks = checked.splice(0);
    const wrong = await apiSignIn("same@staff.test", "wrong password!");
    const wrongChecks = checked.splice(0);

    expect(stripVolatile(unknown)).toEqual(stripVolatile(wrong));
    expect(stripVolatile(locked)).toEqual(stripVolatile(wrong));
    expect(wrong.statusCode).toBe(401);
    for (const list of [unknownChecks, lockedChecks, wrongChecks]) {
      expect(list).toHaveLength(1);
      expect(list[0]).toMatch(/^scrypt\$131072\$8\$1\$/);
    }
  });

  it("the sign-in page says the same words for all three", async () => {
    const texts = await Promise.all([
      signIn(app, "nobody@staff.test", "wrong password!"),
      signIn(app, "locked@staff.test", PASSWORD),
      signIn(app, "same@staff.test", "wrong password!"),
    ]);
    const alerts = texts.map((t) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(t.response.body)?.[1]);
    expect(alerts[0]).toBeTruthy();
    expect(new Set(alerts).size).toBe(1);
    expect(new Set(texts.map((t) => t.response.statusCode))).toEqual(new Set([401]));
  });
});

describe("13.13 hardening", () => {
  it("hashes new passwords with scrypt N=2^17, r=8, p=1", async () => {
    expect(await hashOf("same@staff.test")).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it("upgrades a hash made with the old cost at the next sign-in", async () => {
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 1 << 27 });
    const old = `scrypt$32768$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
    await db.staffAccount.update({ where: { email: "old@staff.test" }, data: { passwordHash: old } });
    expect((await apiSignIn("old@staff.test", PASSWORD)).statusCode).toBe(200);
    const now = await hashOf("old@staff.test");
    expect(now).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await apiSignIn("old@staff.test", PASSWORD)).statusCode).toBe(200);
  });

  it("ends a session 12 hours after sign-in even while it is in use", async () => {
    const { cookie } = await signIn(app, "life@staff.test", PASSWORD);
    const start = clock.getTime();
    try {
      for (let h = 1; h <= 11; h++) {
        clock = new Date(start + h * 3_600_000);
        expect((await app.inject({ url: "/api/session", headers: { cookie } })).statusCode).toBe(200);
      }
      clock = new Date(start + 12 * 3_600_000 + 1000);
      expect((await app.inject({ url: "/api/session", headers: { cookie } })).statusCode).toBe(401);
    } finally {
      clock = new Date(start);
    }
  });

  it("over https: a __Host- session cookie and HSTS; over http neither (browsers would refuse the cookie)", async () => {
    const secure = await buildTestApp(db, { auth: { secureCookies: true } });
    try {
      const page = await secure.inject({ url: "/login" });
      expect(page.headers["strict-transport-security"]).toBe("max-age=31536000");
      const r = await signIn(secure, "same@staff.test", PASSWORD);
      expect(r.response.statusCode).toBe(303);
      expect(r.setCookie).toMatch(/^__Host-pinmail_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
      expect(r.setCookie).not.toMatch(/Domain=/i);
      const s = await secure.inject({ url: "/api/session", headers: { cookie: r.cookie } });
      expect(s.statusCode).toBe(200);
      // The unprefixed name is not read over https, so a cookie planted without Secure is ignored.
      const planted = await secure.inject({ url: "/api/session", headers: { cookie: r.cookie.replace("__Host-", "") } });
      expect(planted.statusCode).toBe(401);
    } finally {
      await secure.close();
    }
    const plain = await app.inject({ url: "/login" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });
});
