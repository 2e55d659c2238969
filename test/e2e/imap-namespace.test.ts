// Folders on a server that keeps everything under "INBOX." with "." as the delimiter (Courier,
// some Cyrus and Dovecot setups; issue 16): PinMail/Processed must become
// INBOX.PinMail.Processed, requests must be taken and moved, and an IMAP failure must be logged
// with the command and the server's answer rather than "Command failed".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateDovecot, type PrivateDovecot } from "../../scripts/private-services.js";
import { testRecords } from "../fixtures/records.js";
import { buildMail } from "../harness/mail.js";
import { collectLogLines, passwordSession } from "../harness/oauth-rig.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";

const USER = "test-namespace";
let dovecot: PrivateDovecot;
let h: Harness;
const log: string[] = [];

const imap = () => passwordSession(dovecot.port, USER);

beforeAll(async () => {
  dovecot = await startPrivateDovecot({ namespace: { prefix: "INBOX.", separator: "." } });
  h = await startHarness({
    records: testRecords(),
    logStream: collectLogLines(log),
    env: {
      LOG_LEVEL: "info",
      IMAP_HOST: "127.0.0.1",
      IMAP_PORT: String(dovecot.port),
      IMAP_USER: USER,
      IMAP_PASSWORD: "test",
      IMAP_MAILBOX: "INBOX",
      IMAP_PROCESSED_MAILBOX: "PinMail/Processed",
      IMAP_ATTENTION_MAILBOX: "PinMail/Attention",
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await dovecot?.destroy();
});

describe("a server with an INBOX. namespace and a . delimiter", () => {
  it("takes requests and moves them to INBOX.PinMail.Processed, saying which names it used", async () => {
    const c = await imap();
    const mails = [
      buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" }),
      buildMail({ from: "someone@unknown.test", subject: "PIN Reset", body: "My name is Some One" }),
    ];
    try {
      for (const m of mails) await c.append("INBOX", m.raw);
    } finally {
      await c.logout();
    }
    const [reply] = await h.replies((to) => to.includes("maria.santos@northwind.test"));
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);
    await h.replies((to) => to.includes("someone@unknown.test"));

    const check = await imap();
    try {
      const folders = (await check.list()).map((m) => m.path);
      expect(folders).toEqual(expect.arrayContaining(["INBOX", "INBOX.PinMail.Processed", "INBOX.PinMail.Attention"]));
      expect(folders.some((f) => f.includes("/"))).toBe(false);
      const count = async (path: string) => {
        const st = await check.status(path, { messages: true });
        return st === false ? null : st.messages;
      };
      for (let i = 0; i < 50 && (await count("INBOX")) !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await count("INBOX")).toBe(0);
      expect(await count("INBOX.PinMail.Processed")).toBe(2);
    } finally {
      await check.logout();
    }
    const used = log.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l["msg"] === "mailbox folders in use");
    expect(used).toMatchObject({
      mailbox: "INBOX",
      processed: "INBOX.PinMail.Processed",
      attention: "INBOX.PinMail.Attention",
      namespace: "INBOX.",
      delimiter: ".",
    });
  });

  it("logs a failing IMAP command with the command and the server's answer", async () => {
    h.env["IMAP_MAILBOX"] = "NoSuchFolder";
    await h.restart();
    const line = await (async () => {
      for (let i = 0; i < 100; i++) {
        const found = log.find((l) => l.includes("mailbox connection failed"));
        if (found) return JSON.parse(found) as { err: string };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("no 'mailbox connection failed' line");
    })();
    expect(line.err).toMatch(/^SELECT INBOX\.NoSuchFolder.* -> NO Mailbox doesn.t exist: INBOX\.NoSuchFolder/);
    expect(line.err).not.toBe("Command failed");
    h.env["IMAP_MAILBOX"] = "INBOX";
  });
});
