// POST /api/sign-ins against a real PostgreSQL: forward-only, same answer for unknown addresses.
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { importRecords } from "../../src/store/import-records.js";
import { validateRecords } from "../../src/store/records-file.js";
import { signInRoutes } from "../../src/web/routes/sign-ins.js";
import { strongSecret } from "../harness/secrets.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const TOKEN = strongSecret();
let testDb: TestDb;
let db: Db;
let app: FastifyInstance;

const records = {
  organizations: [
    {
      ref: "acme",
      name: "Acme Ltd.",
      branches: [],
      users: [
        { role: "primary", firstName: "Ada", lastName: "Lovelace", email: "ada@acme.test", lastSignInAt: "2025-01-10T14:00:00Z" },
        { role: "secondary", firstName: "Bob", lastName: "Ross", email: "bob@acme.test", lastSignInAt: null },
      ],
    },
  ],
};

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  const v = validateRecords(records);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  await importRecords(db, v.records);
  app = Fastify();
  signInRoutes(app, { db, token: TOKEN });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await testDb?.drop();
});

const post = (payload: unknown, token = TOKEN) =>
  app.inject({
    method: "POST",
    url: "/api/sign-ins",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    payload: JSON.stringify(payload),
  });
const lastSignIn = async (email: string) => (await db.portalUser.findUniqueOrThrow({ where: { email } })).lastSignInAt?.toISOString() ?? null;

describe("POST /api/sign-ins", () => {
  it("answers a known and an unknown address identically, and moves only the known one", async () => {
    const known = await post({ email: " ADA@acme.test ", at: "2026-11-20T10:00:00-05:00" });
    const unknown = await post({ email: "nobody@acme.test", at: "2026-11-20T10:00:00-05:00" });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(JSON.parse(known.body)).toEqual({ accepted: 1 });
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-20T15:00:00.000Z");
    expect(await db.portalUser.count({ where: { email: "nobody@acme.test" } })).toBe(0);
  });

  it("never moves a sign-in backwards; a batch keeps each address's newest time", async () => {
    expect((await post({ email: "ada@acme.test", at: "2026-01-01T00:00:00Z" })).statusCode).toBe(202);
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-20T15:00:00.000Z");
    const batch = await post({
      signIns: [
        { email: "bob@acme.test", at: "2026-11-21T09:00:00Z" },
        { email: "bob@acme.test", at: "2026-11-22T09:00:00Z" },
        { email: "bob@acme.test", at: "2026-11-01T09:00:00Z" },
        { email: "ghost@acme.test", at: "2026-11-22T09:00:00Z" },
        { email: "ada@acme.test", at: "2026-11-25T08:00:00Z" },
      ],
    });
    expect(batch.statusCode).toBe(202);
    expect(JSON.parse(batch.body)).toEqual({ accepted: 5 });
    expect(await lastSignIn("bob@acme.test")).toBe("2026-11-22T09:00:00.000Z");
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T08:00:00.000Z");
  });

  it("takes a batch of 1,000 and refuses 1,001", async () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@elsewhere.test`, at: "2026-11-01T00:00:00Z" }));
    expect((await post({ signIns: entries(1000) })).statusCode).toBe(202);
    expect((await post({ signIns: entries(1001) })).statusCode).toBe(400);
  });

  it.each([
    ["no body fields", {}],
    ["a date without a zone", { email: "ada@acme.test", at: "2026-11-20 10:00" }],
    ["not an address", { email: "ada", at: "2026-11-20T10:00:00Z" }],
    ["an empty batch", { signIns: [] }],
    ["a sign-in in the future", { email: "ada@acme.test", at: "2099-01-01T00:00:00Z" }],
    ["an extra field", { email: "ada@acme.test", at: "2026-11-20T10:00:00Z", role: "primary" }],
  ])("answers 400 to %s", async (_what, payload) => {
    const r = await post(payload);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error).toBe("bad_request");
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T08:00:00.000Z");
  });

  it("answers 401 to a wrong or missing token and changes nothing", async () => {
    expect((await post({ email: "ada@acme.test", at: "2026-11-26T08:00:00Z" }, "wrong-token-wrong-token")).statusCode).toBe(401);
    const none = await app.inject({ method: "POST", url: "/api/sign-ins", payload: { email: "ada@acme.test", at: "2026-11-26T08:00:00Z" } });
    expect(none.statusCode).toBe(401);
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T08:00:00.000Z");
  });

  it("and `import-records`: whichever source knows the later sign-in wins", async () => {
    const withAda = (at: string) => {
      const copy = structuredClone(records);
      copy.organizations[0]!.users[0]!.lastSignInAt = at;
      const v = validateRecords(copy);
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      return v.records;
    };
    await importRecords(db, withAda("2026-03-01T00:00:00Z"));
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T08:00:00.000Z");
    await importRecords(db, withAda("2026-11-25T20:00:00Z"));
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T20:00:00.000Z");
    expect((await post({ email: "ada@acme.test", at: "2026-11-25T19:00:00Z" })).statusCode).toBe(202);
    expect(await lastSignIn("ada@acme.test")).toBe("2026-11-25T20:00:00.000Z");
  });
});
