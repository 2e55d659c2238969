// The overview's review counts in one statement (issue 20) agree with OPEN_CASES: a follow-up
// waiting with its case in review is not one more case; one whose case was answered is.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { OPEN_CASES } from "../../src/review/open-cases.js";
import { reviewCounts } from "../../src/web/support/review-counts.js";
import { listReviewPage } from "../../src/web/support/request-data.js";
import { reviewBody } from "../../src/web/support/review-page.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let seq = 0;
const NOW = new Date("2026-12-06T17:00:00Z");

async function add(state: string, o: { parentId?: number; dueAt?: string; assigned?: number } = {}) {
  seq++;
  return db.inboundRequest.create({
    data: {
      reference: `PM-RC-${seq}`,
      messageKey: `<rc-${seq}@test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: seq,
      sender: `p${seq}@x.test`,
      subject: "PIN",
      rawSource: Buffer.from("x"),
      rawSize: 1,
      kind: "request",
      state,
      parentId: o.parentId ?? null,
      dueAt: o.dueAt ? new Date(o.dueAt) : null,
      assignedToId: o.assigned ?? null,
    },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  const staff = await db.staffAccount.create({ data: { email: "s@x.test", role: "support", passwordHash: "x" } });
  const caseInReview = await add("review", { dueAt: "2026-12-01T00:00:00Z" }); // overdue, unassigned
  await add("review", { parentId: caseInReview.id }); // waits with its case: not a case
  const answered = await add("answered");
  await add("review", { parentId: answered.id, dueAt: "2026-12-09T00:00:00Z", assigned: staff.id }); // a case of its own
  await add("review", { dueAt: "2026-12-10T00:00:00Z" });
  await add("ignored");
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

it("counts what OPEN_CASES counts", async () => {
  const viaPrisma = {
    open: await db.inboundRequest.count({ where: OPEN_CASES }),
    overdue: await db.inboundRequest.count({ where: { ...OPEN_CASES, dueAt: { lt: NOW } } }),
    unassigned: await db.inboundRequest.count({ where: { ...OPEN_CASES, assignedToId: null } }),
  };
  expect(viaPrisma).toEqual({ open: 3, overdue: 1, unassigned: 2 });
  expect(await reviewCounts(db, NOW)).toEqual(viaPrisma);
});

it("pages the review queue in its order, follow-ups waiting with their case left out", async () => {
  const all = (
    await db.inboundRequest.findMany({ where: OPEN_CASES, orderBy: [{ priority: "desc" }, { receivedAt: "asc" }, { id: "asc" }], select: { reference: true } })
  ).map((r) => r.reference);
  const first = await listReviewPage(db, 1, 2);
  const second = await listReviewPage(db, 2, 2);
  expect(first).toHaveLength(2);
  expect([...first, ...second].map((c) => c.reference)).toEqual(all);
  expect(await listReviewPage(db, 3, 2)).toEqual([]);
  const body = reviewBody(first, NOW, { page: 1, pageSize: 2, open: 3, overdue: 1 }).value;
  expect(body).toContain("3 cases in review");
  expect(body).toContain("Page 1 of 2");
  expect(body).toContain('href="/review?page=2"');
});
