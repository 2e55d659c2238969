// POST /api/enrollments against a real database: one answer for every failure, lockouts per
// person and per client address, and a PIN used up by one conditional update.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { hashPin, keyIdFor } from "../../src/core/pin.js";
import { importRecords } from "../../src/store/import-records.js";
import { validateRecords } from "../../src/store/records-file.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { strongSecret } from "../harness/secrets.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { testRecords } from "../fixtures/records.js";

const SECRET = strongSecret();
const OLD_SECRET = strongSecret();
const TOKEN = strongSecret();
let t: TestDb;
let db: Db;
let app: FastifyInstance;

async function givePin(email: string, pin: string, opts: { secret?: string; expiresAt?: Date } = {}) {
  const user = await db.portalUser.findUniqueOrThrow({ where: { email } });
  const secret = opts.secret ?? SECRET;
  await db.pin.create({
    data: { userId: user.id, hash: hashPin(pin, secret), keyId: keyIdFor(secret), expiresAt: opts.expiresAt ?? new Date(Date.now() + 86_400_000) },
  });
}

function post(body: unknown, opts: { token?: string | null; ip?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.token !== null) headers["authorization"] = `Bearer ${opts.token ?? TOKEN}`;
  return app.inject({
    method: "POST",
    url: "/api/enrollments",
    headers,
    payload: typeof body === "string" ? body : JSON.stringify(body),
    remoteAddress: opts.ip ?? "10.0.0.1",
  });
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  const v = validateRecords(testRecords());
  if (!v.ok) throw new Error("fixture");
  await importRecords(db, v.records);
  app = await buildTestApp(db, {
    apiToken: TOKEN,
    enroll: { secrets: [SECRET, OLD_SECRET], maxFailuresPerPerson: 5, maxFailuresPerClient: 20, windowMs: 3_600_000 },
  });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await t?.drop();
});

describe("POST /api/enrollments", () => {
  it("checks the token first", async () => {
    expect((await post("not json", { token: null })).statusCode).toBe(401);
    expect((await post({}, { token: "wrong" })).statusCode).toBe(401);
  });

  it.each([["{broken"], [{ firstName: "A", lastName: "B" }], [{ firstName: "A", lastName: "B", pin: 12345678 }], [{ firstName: "", lastName: "B", pin: "1" }]])(
    "answers 400 to a malformed body %#",
    async (body) => {
      const r = await post(body, { ip: "10.0.1.1" });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    },
  );

  it("enrolls once with the exact name (case and spaces aside), keeping leading zeros", async () => {
    await givePin("maria.santos@northwind.test", "00123456");
    expect((await post({ firstName: "Maria", lastName: "Santos", pin: "123456" }, { ip: "10.0.2.1" })).statusCode).toBe(422);
    const ok = await post({ firstName: "  MARIA ", lastName: "santos", pin: "00123456" }, { ip: "10.0.2.1" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ enrolled: true, organization: "northwind", branch: null, email: "maria.santos@northwind.test" });
    const again = await post({ firstName: "Maria", lastName: "Santos", pin: "00123456" }, { ip: "10.0.2.1" });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toEqual({ enrolled: false, error: "invalid_pin_or_name" });
    const user = await db.portalUser.findUniqueOrThrow({ where: { email: "maria.santos@northwind.test" } });
    expect(user.lastSignInAt).not.toBeNull();
  });

  it("gives one answer for a wrong name, an expired PIN and a revoked PIN", async () => {
    await givePin("priya@northwind-to.test", "55555555");
    await givePin("am@northwind.test", "66666666", { expiresAt: new Date(Date.now() - 1000) });
    await givePin("jean.tremblay@northwind.test", "88888888");
    await db.pin.updateMany({ where: { user: { email: "jean.tremblay@northwind.test" } }, data: { revokedAt: new Date(), revokedReason: "test" } });
    const bodies = [
      { firstName: "Pri", lastName: "Natarajan", pin: "55555555" },
      { firstName: "Anne-Marie", lastName: "van der Berg", pin: "66666666" },
      { firstName: "Nobody", lastName: "Here", pin: "77777777" },
      { firstName: "Jean", lastName: "Tremblay", pin: "88888888" },
    ];
    for (const [i, b] of bodies.entries()) {
      const r = await post(b, { ip: `10.0.3.${i}` });
      expect(r.statusCode).toBe(422);
      expect(r.json()).toEqual({ enrolled: false, error: "invalid_pin_or_name" });
    }
    const ok = await post({ firstName: "Priya", lastName: "Natarajan", pin: "55555555" }, { ip: "10.0.3.9" });
    expect(ok.json()).toMatchObject({ enrolled: true, branch: "northwind-toronto" });
  });

  it("accepts a PIN made under the previous secret during a rotation", async () => {
    // (Not Éloïse of Gagnon any more: her organization is dormant, so since issue 20 her PIN is refused.)
    await givePin("priya@northwind-to.test", "24681357", { secret: OLD_SECRET });
    const r = await post({ firstName: "Priya", lastName: "Natarajan", pin: "24681357" }, { ip: "10.0.4.1" });
    expect(r.statusCode).toBe(200);
  });

  it("locks a person out after 5 failures in an hour, even with the right PIN, and says when to retry", async () => {
    await givePin("omar@northwind.test", "13572468");
    const person = { firstName: "Omar", lastName: "Haddad" };
    // 50 parallel wrong guesses: at most 5 are evaluated, the rest are refused.
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post({ ...person, pin: String(10000000 + i) }, { ip: `10.1.${i}.1` })));
    expect(results.filter((r) => r.statusCode === 422)).toHaveLength(5);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(45);
    const locked = await post({ ...person, pin: "13572468" }, { ip: "10.1.99.1" });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(3000);
    // A person nobody has locks the same way: lockouts reveal nothing.
    for (let i = 0; i < 5; i++) await post({ firstName: "No", lastName: "One", pin: "11111111" }, { ip: `10.2.${i}.1` });
    expect((await post({ firstName: "No", lastName: "One", pin: "11111111" }, { ip: "10.2.9.1" })).statusCode).toBe(429);
  });

  it("locks a client address out after 20 failures", async () => {
    for (let i = 0; i < 20; i++) await post({ firstName: `P${i}`, lastName: "X", pin: "11111111" }, { ip: "10.9.9.9" });
    expect((await post({ firstName: "Fresh", lastName: "Person", pin: "11111111" }, { ip: "10.9.9.9" })).statusCode).toBe(429);
    expect((await post({ firstName: "Fresh", lastName: "Person", pin: "11111111" }, { ip: "10.9.9.8" })).statusCode).toBe(422);
  });
  it("refuses the PIN of an account that expired or an organization gone dormant after it was issued, with the one answer (issue 20)", async () => {
    const years = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000);
    const invalid = { enrolled: false, error: "invalid_pin_or_name" };
    // Issued while everything was in order; then the primary user's last sign-in ages past 2 years.
    const am0 = await db.portalUser.findUniqueOrThrow({ where: { email: "am@northwind.test" } });
    await db.pin.updateMany({ where: { userId: am0.id, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await givePin("am@northwind.test", "44556677");
    const primary = await db.portalUser.findUniqueOrThrow({ where: { email: "jean.tremblay@northwind.test" } });
    await db.portalUser.update({ where: { id: primary.id }, data: { lastSignInAt: years(2.5) } });
    const dormant = await post({ firstName: "Anne-Marie", lastName: "van der Berg", pin: "44556677" }, { ip: "10.0.9.1" });
    expect([dormant.statusCode, dormant.json()]).toEqual([422, invalid]);
    // The account itself expired: the same single answer.
    await db.portalUser.update({ where: { id: primary.id }, data: { lastSignInAt: primary.lastSignInAt } });
    const am = await db.portalUser.findUniqueOrThrow({ where: { email: "am@northwind.test" } });
    await db.portalUser.update({ where: { id: am.id }, data: { lastSignInAt: years(2.1) } });
    const expired = await post({ firstName: "Anne-Marie", lastName: "van der Berg", pin: "44556677" }, { ip: "10.0.9.1" });
    expect([expired.statusCode, expired.json()]).toEqual([422, invalid]);
    // Records put right again: the same PIN works (it was refused for the records, not used up).
    await db.portalUser.update({ where: { id: am.id }, data: { lastSignInAt: am.lastSignInAt } });
    const ok = await post({ firstName: "Anne-Marie", lastName: "van der Berg", pin: "44556677" }, { ip: "10.0.9.1" });
    expect(ok.statusCode).toBe(200);
  });
});
