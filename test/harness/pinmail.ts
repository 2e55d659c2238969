// Runs a whole pinmail (worker + web) in-process against the real local services, isolated per
// test file: its own database, IMAP folder, queue prefix and a private SMTP catcher.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { startSmtpCatcher, type SmtpCatcher, type SmtpCatcherHooks } from "../../scripts/smtp-catcher.js";
import { loadRoleConfig, startService, type Role, type Service } from "../../src/main.js";
import { createLogger } from "../../src/runtime/logger.js";
import { importRecords } from "../../src/store/import-records.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { validateRecords } from "../../src/store/records-file.js";
import { serviceEnv } from "./service-env.js";
import { strongSecret, TEST_SECRETS } from "./secrets.js";
import { createTestDb, type TestDb } from "./test-db.js";
import { waitForMessages, type CaughtMessage } from "./mail-sink.js";

export const OWN_ADDRESS = "pinmail@pinmail.test";
export const API_TOKEN = TEST_SECRETS.apiToken;

/** The settings that point pinmail at this checkout's local servers, one test mailbox and a test SMTP receiver. */
export function localServersEnv(o: { databaseUrl: string; tag: string; mailbox: string; smtpPort: number }): Record<string, string> {
  const svc = serviceEnv();
  return {
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: svc["REDIS_URL"]!,
    QUEUE_PREFIX: `pmtest-${o.tag}`,
    IMAP_HOST: svc["IMAP_HOST"]!,
    IMAP_PORT: svc["IMAP_PORT"]!,
    IMAP_SECURE: "false",
    IMAP_USER: svc["IMAP_USER"]!,
    IMAP_PASSWORD: svc["IMAP_PASSWORD"]!,
    IMAP_MAILBOX: o.mailbox,
    IMAP_PROCESSED_MAILBOX: `${o.mailbox}/Processed`,
    IMAP_ATTENTION_MAILBOX: `${o.mailbox}/Attention`,
    IMAP_IDLE_DELAY_MS: "100",
    SMTP_URL: `smtp://127.0.0.1:${o.smtpPort}`,
  };
}

export interface Harness {
  db: Db;
  testDb: TestDb;
  service: Service;
  smtp: SmtpCatcher;
  mailbox: string;
  env: Record<string, string>;
  url: string;
  imap(): Promise<ImapFlow>;
  append(raw: string, opts?: { internalDate?: Date }): Promise<void>;
  replies(predicate: (to: string[], subject: string | null) => boolean, opts?: { count?: number; timeoutMs?: number }): Promise<CaughtMessage[]>;
  restart(role?: Role): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  records?: unknown;
  env?: Record<string, string>;
  role?: Role;
  /** Where the service's log lines go (default stderr); tests that inspect logs pass a stream. */
  logStream?: NodeJS.WritableStream;
  /** The SMTP receiver's fault hooks (e.g. refuse one recipient with 550). */
  smtpHooks?: SmtpCatcherHooks;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const testDb = await createTestDb();
  const db = createDb(testDb.url);
  if (opts.records) {
    const v = validateRecords(opts.records);
    if (!v.ok) throw new Error(`test records invalid: ${JSON.stringify(v.problems)}`);
    await importRecords(db, v.records);
  }
  const smtpDir = mkdtempSync(join(tmpdir(), "pinmail-smtp-"));
  const smtp = await startSmtpCatcher({ port: 0, dir: smtpDir, lmtp: false, hooks: opts.smtpHooks });
  const tag = `t${randomBytes(4).toString("hex")}`;
  const mailbox = `Tests/${tag}`;
  const env: Record<string, string> = {
    ...localServersEnv({ databaseUrl: testDb.url, tag, mailbox, smtpPort: smtp.port }),
    IMAP_RECONNECT_MIN_MS: "100",
    IMAP_RECONNECT_MAX_MS: "1000",
    SMTP_RETRY_BASE_MS: "200",
    SMTP_RETRY_ATTEMPTS: "5",
    MAIL_FROM: `PIN Reset <${OWN_ADDRESS}>`,
    PIN_SECRET: strongSecret(),
    ENROLLMENT_API_TOKEN: API_TOKEN,
    WEB_HOST: "127.0.0.1",
    WEB_PORT: "0",
    LOG_LEVEL: process.env["TEST_LOG_LEVEL"] ?? "silent",
    ...opts.env,
  };
  const setup = await new ImapFlow({
    host: env.IMAP_HOST!,
    port: Number(env.IMAP_PORT),
    secure: false,
    auth: { user: env.IMAP_USER!, pass: env.IMAP_PASSWORD! },
    logger: false,
    doSTARTTLS: false,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  await setup.connect();
  await setup.mailboxCreate(mailbox).catch(() => undefined);
  await setup.logout();

  const role = opts.role ?? "start";
  const boot = () =>
    startService(role, loadRoleConfig(role, env), { logger: createLogger(env.LOG_LEVEL!, opts.logStream), readerLeaseMs: 3000, reconcileEveryMs: 2000 });
  let service = await boot();
  const h: Harness = {
    db,
    testDb,
    get service() {
      return service;
    },
    smtp,
    mailbox,
    env,
    get url() {
      return service.url!;
    },
    async imap() {
      const c = new ImapFlow({
        host: env.IMAP_HOST!,
        port: Number(env.IMAP_PORT),
        secure: false,
        auth: { user: env.IMAP_USER!, pass: env.IMAP_PASSWORD! },
        logger: false,
        doSTARTTLS: false,
      } as ConstructorParameters<typeof ImapFlow>[0]);
      await c.connect();
      return c;
    },
    async append(raw, o = {}) {
      const c = await h.imap();
      try {
        await c.append(mailbox, raw, [], o.internalDate);
      } finally {
        await c.logout();
      }
    },
    replies(predicate, o = {}) {
      return waitForMessages(smtp.dir, (r) => predicate(r.to, r.subject), { count: o.count ?? 1, timeoutMs: o.timeoutMs ?? 15_000 });
    },
    async restart(r = role) {
      await service.stop();
      service = await startService(r, loadRoleConfig(r, env), {
        logger: createLogger(env.LOG_LEVEL!, opts.logStream),
        readerLeaseMs: 3000,
        reconcileEveryMs: 2000,
      });
    },
    async stop() {
      await service.stop();
      await db.$disconnect();
      await smtp.close();
      await testDb.drop();
      const c = await h.imap();
      await c.mailboxDelete(mailbox).catch(() => undefined);
      for (const sub of ["Processed", "Attention"]) await c.mailboxDelete(`${mailbox}/${sub}`).catch(() => undefined);
      await c.logout();
    },
  };
  return h;
}

/** Extracts the PIN from a reply's text: the literal line `PIN: 12345678`. */
export function pinOf(m: CaughtMessage): string | null {
  return /^PIN: (\d+)$/m.exec(m.parsed.text ?? "")?.[1] ?? null;
}
