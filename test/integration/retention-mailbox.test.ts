// The mailbox purge against the real Dovecot (issue 19): processed and attention-folder mail older
// than IMAP_PROCESSED_RETENTION_DAYS by arrival (INTERNALDATE) is flagged and expunged; mail of an
// open or held request, newer mail and the watched folder are left alone; the dry run lists
// exactly what the run removes.
import { createHash, randomBytes } from "node:crypto";
import type { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImapClient } from "../../src/mailbox/imap-client.js";
import { erasePerson } from "../../src/retention/erase-person.js";
import { placeHold } from "../../src/retention/holds.js";
import { imapMailboxRetention } from "../../src/retention/mailbox-retention.js";
import { lastRetentionRun, MailboxPurgeError, previewRetention, runRetention, type RetentionDeps } from "../../src/retention/run-retention.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { seedRequest } from "../harness/retention-seed.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const DAY = 86_400_000;
let t: TestDb;
let db: Db;
const svc = serviceEnv();
const account = { host: svc["IMAP_HOST"]!, port: Number(svc["IMAP_PORT"]), secure: false, user: svc["IMAP_USER"]!, password: svc["IMAP_PASSWORD"]! };
const root = `Tests/ret${randomBytes(4).toString("hex")}`;
const [INBOX, PROCESSED, ATTENTION] = [root, `${root}/Processed`, `${root}/Attention`];

async function imap(): Promise<ImapFlow> {
  const c = createImapClient(account);
  await c.connect();
  return c;
}

const mail = (messageId: string | null, from: string, subject: string) =>
  [`From: ${from}`, `To: pinmail@pinmail.test`, `Subject: ${subject}`, ...(messageId ? [`Message-ID: ${messageId}`] : []), "", "Hello, I need a PIN.", ""].join(
    "\r\n",
  );

async function subjects(c: ImapFlow, folder: string): Promise<string[]> {
  const lock = await c.getMailboxLock(folder);
  try {
    const out: string[] = [];
    for await (const m of c.fetch("1:*", { envelope: true })) out.push(m.envelope?.subject ?? "");
    return out.sort();
  } catch {
    return [];
  } finally {
    lock.release();
  }
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  const c = await imap();
  for (const f of [INBOX, PROCESSED, ATTENTION]) await c.mailboxCreate(f).catch(() => undefined);
  await c.logout();
});
afterAll(async () => {
  const c = await imap();
  for (const f of [PROCESSED, ATTENTION, INBOX]) await c.mailboxDelete(f).catch(() => undefined);
  await c.logout();
  await db?.$disconnect();
  await t?.drop();
});

describe("mailbox purge", () => {
  it("removes only old processed and attention mail that no open or held request needs", async () => {
    const now = new Date();
    // Requests as intake stored them (state decides); arrival dates do not matter to the mailbox.
    const answered = await seedRequest(db, "a@example.test", 1, { messageId: "<answered@example.test>" });
    await seedRequest(db, "r@example.test", 1, { messageId: "<open@example.test>", state: "review", outcome: "needs-review" });
    const held = await seedRequest(db, "h@example.test", 1, { messageId: "<held@example.test>" });
    await placeHold(db, "admin@pinmail.test", { reference: held.reference }, "litigation");
    await placeHold(db, "admin@pinmail.test", { email: "p@example.test" }, "access request");
    const noIdOpen = mail(null, "n@example.test", "old, no Message-ID, open request");
    await db.inboundRequest.update({
      where: { id: (await seedRequest(db, "n@example.test", 1, { state: "received", outcome: "needs-review" })).id },
      data: { messageKey: `sha256:${createHash("sha256").update(Buffer.from(noIdOpen)).digest("hex")}`, messageId: null },
    });

    const c = await imap();
    const put = (folder: string, raw: string, days: number) => c.append(folder, raw, ["\\Seen"], new Date(now.getTime() - days * DAY));
    await put(PROCESSED, mail("<answered@example.test>", "a@example.test", "old, answered"), 100);
    await put(PROCESSED, mail("<open@example.test>", "r@example.test", "old, open request"), 100);
    await put(PROCESSED, mail("<held@example.test>", "h@example.test", "old, held request"), 100);
    await put(PROCESSED, mail("<person@example.test>", "p@example.test", "old, held person"), 100);
    await put(PROCESSED, noIdOpen, 100);
    await put(PROCESSED, mail("<fresh@example.test>", "a@example.test", "89 days, kept"), 89);
    await put(PROCESSED, mail("<edge@example.test>", "a@example.test", "91 days, no request"), 91);
    await put(ATTENTION, mail("<attn@example.test>", "x@example.test", "old attention"), 200);
    await put(ATTENTION, mail(null, "y@example.test", "old attention, no Message-ID"), 200);
    await put(INBOX, mail("<inbox@example.test>", "z@example.test", "old, still in the watched folder"), 300);

    const deps: RetentionDeps = {
      db,
      settings: { rawMailDays: 3650, recordDays: 3650, mailboxDays: 90 },
      mailbox: imapMailboxRetention(() => createImapClient(account), [PROCESSED, ATTENTION, `${root}/Missing`], db),
    };
    const preview = await previewRetention(deps, now);
    expect(preview.mailbox!.remove.length).toBe(4);
    expect(preview.mailbox!.held.length).toBe(2);
    const run = await runRetention(deps, now, "test");
    expect(run.counts.mailbox).toBe(4);
    expect(run.counts.held).toBe(2);
    expect(answered.id).toBeGreaterThan(0);

    expect(await subjects(c, PROCESSED)).toEqual([
      "89 days, kept",
      "old, held person",
      "old, held request",
      "old, no Message-ID, open request",
      "old, open request",
    ]);
    expect(await subjects(c, ATTENTION)).toEqual([]);
    expect(await subjects(c, INBOX)).toEqual(["old, still in the watched folder"]);
    await c.logout();
    // Nothing is left to do on a second run.
    expect((await runRetention(deps, now, "test")).counts.mailbox).toBe(0);
  });

  it("a mailbox that refuses the sign-in does not stop the database purge, and the run fails visibly", async () => {
    const old = await seedRequest(db, "gone@example.test", 5000);
    const deps: RetentionDeps = {
      db,
      settings: { rawMailDays: 90, recordDays: 730, mailboxDays: 90 },
      mailbox: imapMailboxRetention(() => createImapClient({ ...account, password: "not the password" }), [PROCESSED], db),
    };
    const preview = await previewRetention(deps, new Date());
    expect(preview.mailbox).toBeNull();
    expect(preview.mailboxError).toMatch(/AUTHENTICATE|LOGIN|auth/i);
    const err = await runRetention(deps, new Date(), "test").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailboxPurgeError);
    expect((err as MailboxPurgeError).run.removedPeople).toContain("gone@example.test");
    expect(await db.inboundRequest.count({ where: { id: old.id } })).toBe(0);
    const last = await lastRetentionRun(db);
    expect(last?.mailboxError).toMatch(/AUTHENTICATE|LOGIN|auth/i);
    expect(last?.counts.mailbox).toBeNull();
    // The server delays each refused sign-in by seconds.
  }, 60_000);

  it("an erasure takes the person's mail from the processed and attention folders too, but a held request's", async () => {
    const now = new Date();
    const free = await seedRequest(db, "leaving@example.test", 3, { messageId: "<leaving-1@example.test>" });
    const held = await seedRequest(db, "leaving@example.test", 2, { messageId: "<leaving-2@example.test>" });
    await placeHold(db, "admin@pinmail.test", { reference: held.reference }, "litigation");
    const c = await imap();
    await c.append(
      PROCESSED,
      mail("<leaving-1@example.test>", "Leaving Person <leaving@example.test>", "leaving, free"),
      ["\\Seen"],
      new Date(now.getTime() - 3 * DAY),
    );
    await c.append(PROCESSED, mail("<leaving-2@example.test>", "leaving@example.test", "leaving, held"), ["\\Seen"], new Date(now.getTime() - 2 * DAY));
    await c.append(ATTENTION, mail("<leaving-3@example.test>", "leaving@example.test", "leaving, attention"), ["\\Seen"], new Date(now.getTime() - DAY));
    await c.append(PROCESSED, mail("<other@example.test>", "not.leaving@example.test", "someone else"), ["\\Seen"], new Date(now.getTime() - DAY));
    const mailbox = imapMailboxRetention(() => createImapClient(account), [PROCESSED, ATTENTION], db);
    const r = await erasePerson(db, "admin@pinmail.test", "leaving@example.test", "asked on 2027-06-01", mailbox);
    if (r.kind !== "ok") throw new Error(`erase: ${r.kind}`);
    expect(r.mailbox).toBe(2);
    expect(await db.inboundRequest.count({ where: { id: free.id } })).toBe(0);
    const processed = await subjects(c, PROCESSED);
    expect(processed).toContain("leaving, held");
    expect(processed).toContain("someone else");
    expect(processed).not.toContain("leaving, free");
    expect(await subjects(c, ATTENTION)).not.toContain("leaving, attention");
    await c.logout();
  });
});
