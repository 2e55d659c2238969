// The local services from `bash scripts/services.sh up` (read from .services/env) are real and
// reachable: Redis, PostgreSQL, Dovecot (IMAP + LMTP) and the SMTP catcher. Nothing is mocked.
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import pg from "pg";
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import nodemailer from "nodemailer";
import { startSmtpCatcher, type CaughtMessageRecord } from "../../scripts/smtp-catcher.js";
import { readCaughtMessages, waitForMessages } from "../harness/mail-sink.js";
import { serviceEnv, SERVICES_ENV_PATH } from "../harness/service-env.js";
import { servicesDataDir } from "../../scripts/private-services.js";
import { parseEnvFile } from "../../src/env-files.js";

// Physical paths: services.sh writes them so (pwd -P).
const ROOT = realpathSync(fileURLToPath(new URL("../../", import.meta.url)));

const unique = () => `${Date.now()}-${randomBytes(4).toString("hex")}`;

let env: Record<string, string> = {};

function imapOptions(user: string, pass: string): ImapFlowOptions {
  return {
    host: env.IMAP_HOST!,
    port: Number(env.IMAP_PORT),
    secure: env.IMAP_SECURE === "true",
    doSTARTTLS: false,
    auth: { user, pass },
    logger: false,
    // auto-IDLE otherwise starts only after 15 s of inactivity
    autoIdleDelay: 200,
  };
}

async function withImap<T>(user: string, pass: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow(imapOptions(user, pass));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Polls a mailbox until a message with this subject is there; returns its UID. */
async function waitForSubject(client: ImapFlow, mailbox: string, subject: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await client.mailboxOpen(mailbox);
    const uids = await client.search({ header: { subject } }, { uid: true });
    if (uids && uids.length > 0) return uids[0]!;
    if (Date.now() > deadline) throw new Error(`no message with subject "${subject}" in ${mailbox} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("local services from .services/env", () => {
  beforeAll(() => {
    env = serviceEnv();
    for (const name of [
      "DATABASE_URL",
      "TEST_DATABASE_URL",
      "REDIS_URL",
      "IMAP_HOST",
      "IMAP_PORT",
      "IMAP_SECURE",
      "IMAP_USER",
      "IMAP_PASSWORD",
      "SMTP_URL",
      "LMTP_PORT",
      "SMTP_CATCHER_DIR",
    ]) {
      if (!env[name]) throw new Error(`${SERVICES_ENV_PATH} has no ${name}; run: bash scripts/services.sh up`);
    }
  });

  it("Redis answers PING and evicts nothing (maxmemory-policy noeviction)", async () => {
    const redis = new Redis(env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe("PONG");
      const policy = (await redis.config("GET", "maxmemory-policy")) as string[];
      expect(policy[1]).toBe("noeviction");
    } finally {
      redis.disconnect();
    }
  });

  it("PostgreSQL: DATABASE_URL and TEST_DATABASE_URL both answer select 1", async () => {
    for (const url of [env.DATABASE_URL!, env.TEST_DATABASE_URL!]) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        const { rows } = await client.query<{ one: number; db: string }>("select 1 as one, current_database() as db");
        expect(rows[0]).toEqual({ one: 1, db: new URL(url).pathname.slice(1) });
      } finally {
        await client.end();
      }
    }
    expect(new URL(env.TEST_DATABASE_URL!).pathname).toBe(`${new URL(env.DATABASE_URL!).pathname}_test`);
  });

  it("Dovecot IMAP: the bot logs in, APPEND from a second connection raises an IDLE exists event", async () => {
    const mailbox = `services-check-${unique()}`;
    const watcher = new ImapFlow(imapOptions(env.IMAP_USER!, env.IMAP_PASSWORD!));
    await watcher.connect();
    try {
      await watcher.mailboxCreate(mailbox);
      // mailboxOpen, not getMailboxLock: imapflow never IDLEs while a lock is held.
      const opened = await watcher.mailboxOpen(mailbox);
      expect(opened.exists).toBe(0);
      const exists = new Promise<{ count: number; prevCount: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no IDLE exists notification within 10 s")), 10_000);
        watcher.on("exists", (data: { path: string; count: number; prevCount: number }) => {
          if (data.path === mailbox) {
            clearTimeout(timer);
            resolve(data);
          }
        });
      });
      await new Promise((r) => setTimeout(r, 400)); // let auto-IDLE start

      const appended = await withImap(env.IMAP_USER!, env.IMAP_PASSWORD!, (other) =>
        other.append(
          mailbox,
          Buffer.from(
            `From: someone@example.test\r\nTo: pinmail@example.test\r\nSubject: idle check ${mailbox}\r\n` +
              `Message-ID: <${mailbox}@example.test>\r\n\r\nhello\r\n`,
          ),
        ),
      );
      expect(appended && appended.uid).toBeGreaterThan(0);
      expect(await exists).toMatchObject({ count: 1, prevCount: 0 });
    } finally {
      await watcher.mailboxOpen("INBOX").catch(() => undefined);
      await watcher.mailboxDelete(mailbox).catch(() => undefined);
      await watcher.logout().catch(() => watcher.close());
    }
  });

  it("Dovecot LMTP delivers to a throwaway test-* user that IMAP can read (password test)", async () => {
    const user = `test-${unique()}`;
    const subject = `lmtp check ${user}`;
    const lmtp = nodemailer.createTransport({ host: env.IMAP_HOST, port: Number(env.LMTP_PORT), lmtp: true, ignoreTLS: true });
    await lmtp.sendMail({
      envelope: { from: "sender@example.test", to: [user] },
      raw: `From: sender@example.test\r\nTo: ${user}@example.test\r\nSubject: ${subject}\r\n\r\nbody\r\n`,
    });
    lmtp.close();
    await withImap(user, "test", async (client) => {
      expect(await waitForSubject(client, "INBOX", subject)).toBeGreaterThan(0);
    });
    // unknown users are refused, not silently accepted
    const refusing = nodemailer.createTransport({ host: env.IMAP_HOST, port: Number(env.LMTP_PORT), lmtp: true, ignoreTLS: true });
    await expect(refusing.sendMail({ envelope: { from: "sender@example.test", to: ["nobody-here"] }, raw: "Subject: x\r\n\r\nx\r\n" })).rejects.toThrow();
    refusing.close();
  });

  it("SMTP: a message sent to SMTP_URL lands in the catcher's store and in the replies mailbox", async () => {
    const subject = `smtp check ${unique()}`;
    const messageId = `<${unique()}@pinmail.test>`;
    const transport = nodemailer.createTransport(env.SMTP_URL!);
    await transport.sendMail({
      from: "PIN Desk <pins@pinmail.test>",
      to: "Jean Tremblay <jean.tremblay@northwind.example>",
      subject,
      messageId,
      text: "Your PIN is 123456.",
    });
    transport.close();

    const [caught] = await waitForMessages(env.SMTP_CATCHER_DIR!, (r) => r.subject === subject);
    expect(caught).toMatchObject({
      from: "pins@pinmail.test",
      to: ["jean.tremblay@northwind.example"],
      messageId,
      subject,
    });
    expect(caught!.file).toMatch(/^inbox\/\d+-\d+\.eml$/);
    expect(caught!.parsed.text?.trim()).toBe("Your PIN is 123456.");
    expect(caught!.raw.toString()).toContain(`Subject: ${subject}`);

    await withImap("replies", "replies", async (client) => {
      const uid = await waitForSubject(client, "INBOX", subject);
      const msg = await client.fetchOne(String(uid), { source: true, headers: ["x-catcher-envelope-to"] }, { uid: true });
      expect(msg && msg.headers?.toString()).toContain("jean.tremblay@northwind.example");
      await client.messageDelete(String(uid), { uid: true });
    });
  });
});

describe("smtp-catcher in-process (startSmtpCatcher)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pinmail-catcher-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores envelope and headers, calls onMessage, survives a dead LMTP, lets a hook refuse a recipient", async () => {
    const seen: CaughtMessageRecord[] = [];
    const logs: string[] = [];
    const catcher = await startSmtpCatcher({
      port: 0,
      dir,
      // nothing listens on port 1: the copy fails, the SMTP transaction must not
      lmtp: { host: "127.0.0.1", port: 1, user: "replies" },
      log: (line) => logs.push(line),
      onMessage: (record) => seen.push(record),
      hooks: {
        onRcptTo: (address) => {
          if (address.startsWith("refuse")) throw Object.assign(new Error("mailbox unavailable"), { responseCode: 550 });
        },
      },
    });
    try {
      expect(catcher.port).toBeGreaterThan(0);
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: catcher.port, ignoreTLS: true });
      await transport.sendMail({
        envelope: { from: "bounce@pinmail.test", to: ["a@example.test", "b@example.test"] },
        from: "pins@pinmail.test",
        to: "a@example.test",
        subject: "Accents: réinitialisation du NIP",
        text: "bonjour",
      });
      await expect(transport.sendMail({ from: "pins@pinmail.test", to: "refuse-me@example.test", subject: "x", text: "x" })).rejects.toMatchObject({
        responseCode: 550,
      });
      transport.close();

      const [msg] = await waitForMessages(dir, () => true, { timeoutMs: 5_000 });
      expect(msg).toMatchObject({
        from: "bounce@pinmail.test",
        to: ["a@example.test", "b@example.test"],
        subject: "Accents: réinitialisation du NIP",
      });
      expect(msg!.messageId).toMatch(/^<.+>$/);
      expect(msg!.parsed.text?.trim()).toBe("bonjour");
      expect(await readCaughtMessages(dir)).toHaveLength(1);
      await expect.poll(() => seen.length).toBe(1);
      expect(logs.join("\n")).toMatch(/LMTP copy of inbox\/.+ failed/);
      expect(catcher.count).toBe(1);
      await expect(waitForMessages(dir, () => true, { count: 2, timeoutMs: 200 })).rejects.toThrow(/1 of 2/);
    } finally {
      await catcher.close();
    }
  });
});

// Issue 12: any clone (also one in a private directory), side by side with other checkouts.
describe("scripts/services.sh in a clone inside a private directory, next to this checkout", () => {
  const EPHEMERAL_FIRST = 32768;
  let parent = "";
  let clone = "";

  /** Runs services.sh of the scratch clone with a bare environment (nothing from this checkout). */
  function services(cmd: string, extraEnv: Record<string, string> = {}) {
    const r = spawnSync("bash", [path.join(clone, "scripts/services.sh"), cmd], {
      cwd: clone,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/root", ...extraEnv },
      encoding: "utf8",
      timeout: 120_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  }
  const cloneEnv = () => parseEnvFile(readFileSync(path.join(clone, ".services/env"), "utf8"));

  beforeAll(() => {
    env = serviceEnv();
    // What services.sh needs of a checkout: itself, the catcher, package.json and node_modules.
    parent = realpathSync(mkdtempSync(path.join(os.tmpdir(), "pinmail-private-")));
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    clone = path.join(parent, "pinmail");
    mkdirSync(path.join(clone, "scripts"), { recursive: true });
    for (const f of ["scripts/services.sh", "scripts/smtp-catcher.ts", "package.json"]) copyFileSync(path.join(ROOT, f), path.join(clone, f));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
  });
  afterAll(() => {
    if (clone) services("wipe");
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it("this checkout: its own ports below the ephemeral range, its own catcher store, data reachable by user mail", () => {
    for (const port of [env.IMAP_PORT, env.LMTP_PORT, new URL(env.SMTP_URL!).port]) {
      expect(Number(port)).toBeGreaterThan(1023);
      expect(Number(port)).toBeLessThan(EPHEMERAL_FIRST);
    }
    expect(env.SMTP_CATCHER_DIR).toBe(path.join(ROOT, ".services/smtp"));
    const status = spawnSync("bash", [path.join(ROOT, "scripts/services.sh"), "status"], { encoding: "utf8" });
    // private-services.ts computes the same data folder as the script
    expect(status.stdout).toContain(`data: ${servicesDataDir()}`);
    const mailDir = path.join(servicesDataDir(), "dovecot/mail");
    expect(spawnSync("runuser", ["-u", "mail", "--", "test", "-w", mailDir]).status).toBe(0);
  });

  it("up works in the private clone, on ports of its own; a taken port moves it to another block; wipe removes its data", async () => {
    const first = services("up");
    expect(first.out).toMatch(/services: up in/);
    expect(first.code).toBe(0);
    const a = cloneEnv();
    expect(a.IMAP_PORT).not.toBe(env.IMAP_PORT);
    expect(a.SMTP_URL).not.toBe(env.SMTP_URL);
    expect(a.SMTP_CATCHER_DIR).toBe(path.join(clone, ".services/smtp"));
    // Its own database and queue prefix, also when both checkouts use the machine's servers.
    const where = (url: string) => {
      const u = new URL(url);
      return `${u.host}${u.pathname}`;
    };
    expect(where(a.DATABASE_URL!)).not.toBe(where(env.DATABASE_URL!));
    expect(a.QUEUE_PREFIX).toMatch(/^pinmail-pinmail-[0-9a-f]{10}$/);
    expect(a.QUEUE_PREFIX).not.toBe(env.QUEUE_PREFIX);
    for (const port of [a.IMAP_PORT, a.LMTP_PORT, new URL(a.SMTP_URL!).port]) expect(Number(port)).toBeLessThan(EPHEMERAL_FIRST);

    // The clone's mail goes to the clone's catcher, never to this checkout's.
    const subject = `private clone ${unique()}`;
    const transport = nodemailer.createTransport(a.SMTP_URL!);
    await transport.sendMail({ from: "pins@pinmail.test", to: "someone@example.test", subject, text: "x" });
    transport.close();
    await waitForMessages(a.SMTP_CATCHER_DIR!, (r) => r.subject === subject, { timeoutMs: 5_000 });
    expect((await readCaughtMessages(env.SMTP_CATCHER_DIR!)).some((r) => r.subject === subject)).toBe(false);
    // Its Dovecot (data outside the private folder) takes a login and has the catcher's copy.
    const imap = new ImapFlow({
      host: a.IMAP_HOST!,
      port: Number(a.IMAP_PORT),
      secure: false,
      doSTARTTLS: false,
      auth: { user: "replies", pass: "replies" },
      logger: false,
    });
    await imap.connect();
    try {
      expect(await waitForSubject(imap, "INBOX", subject)).toBeGreaterThan(0);
    } finally {
      await imap.logout().catch(() => imap.close());
    }

    // Down, then something else takes the block's IMAP port: the next up moves to a free block.
    // Another tool's line in .services/env survives down and up; down removes only the script's lines.
    const envFile = path.join(clone, ".services/env");
    appendFileSync(envFile, "export OTHER_TOOL_SETTING='kept'\n");
    expect(services("down").code).toBe(0);
    expect(readFileSync(envFile, "utf8")).toBe("export OTHER_TOOL_SETTING='kept'\n");
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(a.IMAP_PORT), "127.0.0.1", resolve));
    try {
      const second = services("up");
      expect(second.out).toMatch(/moving to another block/);
      expect(second.code).toBe(0);
      const b = cloneEnv();
      expect(b.OTHER_TOOL_SETTING).toBe("kept");
      expect(b.IMAP_PORT).not.toBe(a.IMAP_PORT);
      expect(Number(b.IMAP_PORT)).toBeLessThan(EPHEMERAL_FIRST);
      expect(readFileSync(path.join(clone, ".services/ports"), "utf8").trim()).toBe(String(Number(b.IMAP_PORT) - 43));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const data = /data: (\S+)/.exec(services("status").out)?.[1];
    expect(data && existsSync(data)).toBe(true);
    expect(services("wipe").code).toBe(0);
    expect(existsSync(data!)).toBe(false);
    expect(existsSync(path.join(clone, ".services"))).toBe(false);
    // and its databases are gone from the server when it shares this checkout's (the machine's)
    const adminUrl = new URL(a.DATABASE_URL!);
    adminUrl.pathname = "/postgres";
    if (adminUrl.host === new URL(env.DATABASE_URL!).host) {
      const admin = new pg.Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      try {
        const db = new URL(a.DATABASE_URL!).pathname.slice(1);
        const { rows } = await admin.query("select datname from pg_database where datname in ($1, $2)", [db, `${db}_test`]);
        expect(rows).toEqual([]);
      } finally {
        await admin.end();
      }
    }
  });
});
