// A person's data on request (issue 19), against a real PostgreSQL: the export archive of a
// seeded person holds every kind of row and never the PIN (the test searches every file of it);
// erasure leaves no row naming the person outside the records, spares what a hold keeps, and is
// audited without personal data; the commands' exit codes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPin, keyIdFor, maskPin } from "../../src/core/pin.js";
import { personKey } from "../../src/enroll/enroll.js";
import { seal } from "../../src/outbox/seal.js";
import { erasePerson } from "../../src/retention/erase-person.js";
import { placeHold } from "../../src/retention/holds.js";
import { exportPerson } from "../../src/retention/person-data.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { daysAgo, seedRequest, seedUser } from "../harness/retention-seed.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { readZip } from "../harness/zip-reader.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EMAIL = "ada.lovelace@example.test";
const PIN = "73915284";
let t: TestDb;
let db: Db;

function pinmail(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/pinmail.js"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", DATABASE_URL: t.url },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One person with every kind of row pinmail keeps about someone. */
async function seedPerson(email: string, first = "Ada", last = "Lovelace") {
  const user = await seedUser(db, email, { first, last, lastSignInAt: daysAgo(10) });
  const req = await seedRequest(db, email, 30, { userId: user.id });
  const unmatched = await seedRequest(db, email, 40, { state: "answered", outcome: "name-mismatch" });
  // The PIN reply: masked copy plus the sealed clear copy a pending delivery still holds.
  const text = `Dear ${first} ${last},\nPIN: ${PIN}\n`;
  await db.pin.updateMany({ where: { requestId: req.id }, data: { hash: hashPin(PIN, TEST_SECRETS.pinSecret), keyId: keyIdFor(TEST_SECRETS.pinSecret) } });
  await db.outboundMessage.updateMany({
    where: { requestId: req.id },
    data: {
      status: "pending",
      encrypted: new Uint8Array(seal(text, TEST_SECRETS.pinSecret)),
      maskedText: maskPin(text, PIN),
      maskedHtml: `<p>${maskPin(text, PIN)}</p>`,
    },
  });
  await db.outboundMessage.create({
    data: {
      dedupeKey: `reminder:${user.id}`,
      userId: user.id,
      purpose: "reminder",
      template: "dormancy-18-months",
      locale: "en",
      toAddress: email,
      messageId: `<rem-${user.id}@pinmail.test>`,
      subject: "Your account",
      headers: {},
      maskedText: `Hello ${first}`,
      maskedHtml: `<p>Hello ${first}</p>`,
      status: "sent",
    },
  });
  await db.reminderSent.create({ data: { userId: user.id, kind: "dormancy", stage: "18-months", basis: daysAgo(600) } });
  await db.enrollmentAttempt.create({ data: { personKey: personKey(first, last), clientIp: "192.0.2.7", success: true } });
  await db.auditEvent.create({ data: { userId: user.id, type: "pin-revoked", actor: "sam@support.test", detail: { reason: "asked" } } });
  return { user, req, unmatched };
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("export-person", () => {
  it("archives every kind of row and each message, never the PIN or its hash; audited", async () => {
    const { req, unmatched } = await seedPerson(EMAIL);
    await seedPerson("someone.else@example.test", "Grace", "Hopper");
    const r = await exportPerson(db, "ada@admin.test", "Ada.Lovelace@Example.test");
    if (r.kind !== "ok") throw new Error(`export: ${r.kind}`);
    const files = readZip(r.archive);
    expect([...files.keys()].sort()).toEqual(
      [
        "person.json",
        `messages/${req.reference}.eml`,
        `messages/${unmatched.reference}.eml`,
        ...(await db.outboundMessage.findMany({ where: { toAddress: EMAIL } })).map((o) => `messages/reply-${o.id}-${o.purpose}.eml`),
      ].sort(),
    );
    const doc = JSON.parse(files.get("person.json")!.toString("utf8"));
    expect(doc.registered).toMatchObject({ firstName: "Ada", lastName: "Lovelace", email: EMAIL });
    expect(doc.requests.map((x: { reference: string }) => x.reference).sort()).toEqual([req.reference, unmatched.reference].sort());
    expect(doc.requests.find((x: { reference: string }) => x.reference === unmatched.reference).outcome).toBe("name-mismatch");
    expect(doc.replies).toHaveLength(3);
    expect(doc.pinHistory).toHaveLength(1);
    expect(doc.pinHistory[0]).toMatchObject({ request: req.reference });
    expect(doc.reminders).toHaveLength(1);
    expect(doc.enrollmentAttempts).toHaveLength(1);
    expect(doc.auditEvents.map((e: { type: string }) => e.type).sort()).toEqual(["pin-revoked", "received", "received"]);
    // Nothing of the other person.
    expect(r.archive.includes("Hopper")).toBe(false);
    for (const [name, content] of files) expect(content.includes("Hopper"), name).toBe(false);
    // The PIN is nowhere: not in any file, not in the archive's bytes, nor its hash.
    const hash = hashPin(PIN, TEST_SECRETS.pinSecret);
    for (const [name, content] of files) {
      const text = name.endsWith(".eml")
        ? content.toString("utf8") + Buffer.from(content.toString("utf8").split("\r\n\r\n")[1] ?? "", "base64").toString("utf8")
        : content.toString("utf8");
      expect(text.includes(PIN), name).toBe(false);
      expect(text.includes(hash), name).toBe(false);
    }
    expect(r.archive.includes(PIN)).toBe(false);
    // The masked reply is there, as the person got it.
    const reply = [...files.entries()].find(([n]) => n.includes("-reply.eml"))![1].toString("utf8");
    expect(Buffer.from(reply.split("\r\n\r\n")[1]!, "base64").toString("utf8")).toMatch(/PIN: •+/);
    expect(
      await db.auditEvent.count({ where: { type: "person-exported", userId: (await db.portalUser.findUniqueOrThrow({ where: { email: EMAIL } })).id } }),
    ).toBe(1);
    // Someone pinmail has mail from but who is not on record: the same archive, keyed by address.
    const stranger = await seedRequest(db, "stranger@example.test", 12, { outcome: "not-recognised" });
    const s2 = await exportPerson(db, "ada@admin.test", "stranger@example.test");
    if (s2.kind !== "ok") throw new Error(`export: ${s2.kind}`);
    const doc2 = JSON.parse(readZip(s2.archive).get("person.json")!.toString("utf8"));
    expect(doc2.registered).toBeNull();
    expect(doc2.requests.map((x: { reference: string }) => x.reference)).toEqual([stranger.reference]);
    expect(await db.auditEvent.count({ where: { type: "person-exported", detail: { path: ["email"], equals: "stranger@example.test" } } })).toBe(1);
  });

  it("the command: writes the zip; 1 for an address pinmail knows nothing about; 2 for usage errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-export-"));
    const ok = pinmail(["export-person", EMAIL, "--out", join(dir, "ada.zip")]);
    expect(ok.code, ok.err).toBe(0);
    expect(readZip(readFileSync(join(dir, "ada.zip"))).has("person.json")).toBe(true);
    expect(pinmail(["export-person", "nobody@example.test", "--out", join(dir, "x.zip")]).code).toBe(1);
    expect(pinmail(["erase-person", EMAIL, "--reason", "asked 2027-06-01"]).code).toBe(2);
  }, 120_000);
});

describe("erase-person", () => {
  it("leaves no row naming the person outside the records; a held request stays; audited without personal data", async () => {
    const email = "erase.me@example.test";
    const { user } = await seedPerson(email, "Margaret", "Hamilton");
    const kept = await seedRequest(db, email, 5, { userId: user.id, pinUsedDaysAgo: 4 });
    await placeHold(db, "ada@admin.test", { reference: kept.reference }, "litigation");
    // A person on hold: nothing is erased.
    await placeHold(db, "ada@admin.test", { email }, "access request");
    expect((await erasePerson(db, "ada@admin.test", email, "asked on 2027-06-01")).kind).toBe("held");
    await db.legalHold.deleteMany({ where: { email } });

    const r = await erasePerson(db, "ada@admin.test", email, "asked on 2027-06-01");
    if (r.kind !== "ok") throw new Error(`erase: ${r.kind}`);
    expect(r.keptUnderHold).toBe(1);
    expect(r.removed).toMatchObject({ requests: 2, pins: 1, reminders: 1, enrollmentAttempts: 1 });

    // Every table but the records (and what the held request keeps): no row names the person.
    const c = (
      await db.$queryRawUnsafe<Array<{ table_name: string }>>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )
    ).map((x) => x.table_name);
    const records = new Set(["organizations", "branches", "portal_users", "_prisma_migrations"]);
    const needles = [email, "Margaret", "Hamilton", personKey("Margaret", "Hamilton"), Buffer.from(email).toString("hex")];
    const naming: string[] = [];
    // What the held request keeps (its row, events, replies, PIN) is the one exception.
    const keptBy: Record<string, string> = { inbound_requests: "id", audit_events: "request_id", outbound_messages: "request_id", pins: "request_id" };
    for (const table of c.filter((x) => !records.has(x))) {
      const where = keptBy[table] ? `WHERE t.${keptBy[table]} IS DISTINCT FROM ${kept.id}` : "";
      const rows = await db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT t::text AS row FROM "${table}" t ${where}`);
      for (const { row } of rows) if (needles.some((n) => row.toLowerCase().includes(n.toLowerCase()))) naming.push(`${table}: ${row.slice(0, 120)}`);
    }
    expect(naming).toEqual([]);
    expect(await db.inboundRequest.count({ where: { id: kept.id } })).toBe(1);
    expect(await db.portalUser.count({ where: { email } })).toBe(1);
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "person-erased" } });
    expect([event.userId, event.requestId]).toEqual([null, null]);
    expect(JSON.stringify(event.detail)).not.toMatch(/erase\.me|Margaret|Hamilton/);
    expect(event.detail).toMatchObject({ reason: "asked on 2027-06-01", requests: 2, keptUnderHold: 1 });
    // Again: only the held request is left, and it stays.
    const again = await erasePerson(db, "ada@admin.test", email, "asked again");
    expect(again.kind === "ok" && again.removed.requests).toBe(0);
  });
});
