// The Requests search on the trigram-indexed search text (issue 20, "At scale"): the same matches
// as before (reference, sender, sender name, subject, parsed names, the registered person),
// case-insensitive, every word required; and PostgreSQL serves it from the indexes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { listRequests } from "../../src/web/support/request-data.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let seq = 0;
const NOW = new Date("2026-12-06T17:00:00Z");

async function add(o: { sender: string; subject?: string; senderName?: string; first?: string; last?: string; userId?: number }) {
  seq++;
  const r = await db.inboundRequest.create({
    data: {
      reference: `PM-SR-${seq}`,
      messageKey: `<search-${seq}@test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: seq,
      sender: o.sender,
      senderName: o.senderName ?? null,
      subject: o.subject ?? "PIN",
      parsedFirstName: o.first ?? null,
      parsedLastName: o.last ?? null,
      parsedFullName: o.first && o.last ? `${o.first} ${o.last}` : null,
      userId: o.userId ?? null,
      rawSource: Buffer.from("x"),
      rawSize: 1,
      kind: "request",
      state: "answered",
    },
  });
  return r.reference;
}
const refs = async (q: string) => (await listRequests(db, { q, limit: 50 }, NOW)).requests.map((r) => r.reference).sort();

let maria: string, omar: string, viaPerson: string, subject: string;
beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  const org = await db.organization.create({ data: { ref: "acme", name: "Acme" } });
  const person = await db.portalUser.create({
    data: { organizationId: org.id, role: "user", firstName: "Gisèle", lastName: "Tremblay", email: "g.tremblay@acme.example" },
  });
  maria = await add({ sender: "maria.santos@northwind.test", first: "Maria", last: "Santos" });
  omar = await add({ sender: "omar@northwind.test", senderName: "Omar Haddad" });
  // Nothing in the mail names her: only the registered person matches.
  viaPerson = await add({ sender: "g.tremblay@acme.example", userId: person.id });
  subject = await add({ sender: "x@y.test", subject: "Réinitialisation du NIP" });
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("request search", () => {
  it("finds by address, name, sender name, subject, reference and registered person, in any case", async () => {
    expect(await refs("MARIA.SANTOS@")).toEqual([maria]);
    expect(await refs("santos maria")).toEqual([maria]);
    expect(await refs("haddad")).toEqual([omar]);
    expect(await refs("gisèle")).toEqual([viaPerson]);
    expect(await refs("réinitialisation")).toEqual([subject]);
    expect(await refs(omar)).toEqual([omar]);
    expect(await refs("northwind")).toEqual([maria, omar].sort());
    // Every word must match.
    expect(await refs("maria haddad")).toEqual([]);
  });

  it("the search text follows the row (a corrected name is found, the old one no longer)", async () => {
    await db.inboundRequest.update({ where: { reference: omar }, data: { parsedFirstName: "Omar", parsedLastName: "Khalil", parsedFullName: "Omar Khalil" } });
    expect(await refs("khalil")).toEqual([omar]);
  });

  it("is served by the trigram index", async () => {
    // A handful of rows would be read whole anyway: ask for the plan PostgreSQL uses on a big table.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const rows = await tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
        `EXPLAIN SELECT id FROM inbound_requests WHERE search_text ILIKE '%santos%' ORDER BY id DESC LIMIT 51`,
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("inbound_requests_search_text_trgm_idx");
  });
});
