// The hot path writes a request's ledger in a few combined statements (intake, verification,
// delivery); the timeline staff read must still say everything, in order.
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
});
afterAll(async () => {
  await h?.stop();
});

it("records received → classified → verified → pin-issued → reply-queued → reply-sent, and the decided row", async () => {
  const mail = buildMail({ from: "maria.santos@northwind.test", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
  await h.append(mail.raw);
  const [reply] = await h.replies((to) => to.includes("maria.santos@northwind.test"));
  expect(pinOf(reply!)).toMatch(/^\d{8}$/);
  let row = await h.db.inboundRequest.findUniqueOrThrow({
    where: { messageKey: mail.messageId! },
    include: { events: { orderBy: { id: "asc" } }, pin: true, outbound: true },
  });
  for (let i = 0; i < 50 && row.events.length < 6; i++) {
    await new Promise((r) => setTimeout(r, 100));
    row = await h.db.inboundRequest.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { id: "asc" } }, pin: true, outbound: true } });
  }
  expect(row.events.map((e) => e.type)).toEqual(["received", "classified", "verified", "pin-issued", "reply-queued", "reply-sent"]);
  const user = await h.db.portalUser.findUniqueOrThrow({ where: { email: "maria.santos@northwind.test" } });
  expect(row).toMatchObject({ state: "answered", outcome: "pin-issued", userId: user.id, version: 2 });
  expect(row.decidedAt).toBeInstanceOf(Date);
  expect(row.answeredAt).toBeInstanceOf(Date);
  expect(row.pin).toMatchObject({ userId: user.id, usedAt: null, revokedAt: null });
  expect(row.outbound).toHaveLength(1);
  expect(row.outbound[0]).toMatchObject({ status: "sent", encrypted: null, attempts: 1, messageId: reply!.parsed.messageId });
  expect(row.events.find((e) => e.type === "pin-issued")?.userId).toBe(user.id);
  expect(row.events.find((e) => e.type === "reply-queued")?.detail).toMatchObject({
    template: "pin-issued",
    to: "maria.santos@northwind.test",
    messageId: row.outbound[0]!.messageId,
  });
  expect(JSON.stringify(row.events.map((e) => e.detail))).not.toContain(pinOf(reply!)!);
});
