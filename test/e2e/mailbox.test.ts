// The mailbox contract: mail waiting at start is taken, a UIDVALIDITY change re-scans without
// answering twice, oversized mail is filed for attention with its headers kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { IMAP_MAX_MESSAGE_BYTES: "200000" } });
});
afterAll(async () => {
  await h?.stop();
});

const repliesTo = async (address: string) => (await readCaughtMessages(h.smtp.dir)).filter((r) => r.to.includes(address));

describe("the mailbox reader", () => {
  it("answers mail that arrived while pinmail was down, and after a UIDVALIDITY change answers nothing twice", async () => {
    await h.service.stop();
    const waiting = buildMail({ from: "am@northwind.test", subject: "PIN Reset", body: "My name is Anne-Marie van der Berg" });
    await h.append(waiting.raw);
    await h.restart();
    await h.replies((to) => to.includes("am@northwind.test"));

    // Recreating the folder gives it a new UIDVALIDITY; the same mail appears again with new UIDs.
    await h.service.stop();
    const imap = await h.imap();
    await imap.mailboxDelete(h.mailbox);
    await imap.mailboxCreate(h.mailbox);
    await imap.logout();
    await h.append(waiting.raw);
    const fresh = buildMail({ from: "priya@northwind-to.test", subject: "PIN Reset", body: "First name: Priya\nLast name: Natarajan" });
    await h.append(fresh.raw);
    await h.restart();
    await h.replies((to) => to.includes("priya@northwind-to.test"));
    expect(await repliesTo("am@northwind.test")).toHaveLength(1);
    expect(await h.db.inboundRequest.count({ where: { messageKey: waiting.messageId! } })).toBe(1);
  });

  it("files a request over IMAP_MAX_MESSAGE_BYTES in the attention folder, keeping its headers", async () => {
    const big = buildMail({ from: "maria.santos@northwind.test", subject: "PIN Reset", body: `First name: Maria\nLast name: Santos\n${"x".repeat(300_000)}` });
    await h.append(big.raw);
    let row = null;
    for (let i = 0; i < 100 && !row; i++) {
      row = await h.db.inboundRequest.findUnique({ where: { messageKey: big.messageId! } });
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ state: "failed", disposition: "attention" });
    expect(Buffer.from(row!.rawSource).toString()).toContain(`Message-ID: ${big.messageId}`);
    const imap = await h.imap();
    try {
      const status = await imap.status(`${h.mailbox}/Attention`, { messages: true });
      expect(status && status.messages).toBe(1);
    } finally {
      await imap.logout();
    }
    expect(await repliesTo("maria.santos@northwind.test")).toHaveLength(0);
  });

  it("sends mail older than IMAP_MAX_AGE_DAYS to review without answering", async () => {
    const old = buildMail({ from: "omar@northwind.test", subject: "PIN Reset", body: "My name is Omar Haddad", date: new Date(Date.now() - 40 * 86_400_000) });
    await h.append(old.raw, { internalDate: new Date(Date.now() - 40 * 86_400_000) });
    let row = null;
    for (let i = 0; i < 100; i++) {
      row = await h.db.inboundRequest.findUnique({ where: { messageKey: old.messageId! } });
      if (row?.state === "review") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ state: "review", outcome: "needs-review" });
    expect(row!.reviewReason).toMatch(/arrived 40 days/);
    expect(await h.db.outboundMessage.count({ where: { requestId: row!.id } })).toBe(0);
  });
});
