// What the two alert fault tests (alerts.test.ts, alerts-redis.test.ts) share: their records
// loaded into a fresh database, the settings of a whole pinmail with short alert thresholds, the
// service started from them, and a poll that reports how long a condition took.
import { loadRoleConfig, startService, type Service } from "../../src/main.js";
import { createLogger } from "../../src/runtime/logger.js";
import { importRecords } from "../../src/store/import-records.js";
import type { Db } from "../../src/store/prisma.js";
import { validateRecords } from "../../src/store/records-file.js";
import { TEST_SECRETS } from "../harness/secrets.js";

/** One organization with a primary user (signed in now) and a secondary one, imported into `db`. */
export async function importAlertOrg(
  db: Db,
  org: { ref: string; name: string; domain: string; secondary: { firstName: string; lastName: string } },
): Promise<void> {
  const v = validateRecords({
    organizations: [
      {
        ref: org.ref,
        name: org.name,
        branches: [],
        users: [
          { role: "primary", firstName: "Pat", lastName: "Primary", email: `pat@${org.domain}`, lastSignInAt: new Date().toISOString() },
          {
            role: "secondary",
            firstName: org.secondary.firstName,
            lastName: org.secondary.lastName,
            email: `${org.secondary.firstName.toLowerCase()}@${org.domain}`,
            lastSignInAt: null,
          },
        ],
      },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  await importRecords(db, v.records);
}

/** Settings both tests use: alerts by mail to support@, checks every `checkMs`, no reminders or digest. */
export function alertEnv(o: { databaseUrl: string; smtpPort: number; checkMs: number; unansweredAfterMs: number }): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl,
    IMAP_SWEEP_SECONDS: "2",
    SMTP_URL: `smtp://127.0.0.1:${o.smtpPort}`,
    MAIL_FROM: "PIN Reset <pinmail@pinmail.test>",
    PIN_SECRET: TEST_SECRETS.pinSecret,
    ENROLLMENT_API_TOKEN: TEST_SECRETS.apiToken,
    WEB_HOST: "127.0.0.1",
    WEB_PORT: "0",
    RECONCILE_INTERVAL_MS: "1000",
    REMINDERS_ENABLED: "false",
    ALERT_CHECK_INTERVAL: `${o.checkMs / 1000}s`,
    ALERT_UNANSWERED_AFTER: `${o.unansweredAfterMs / 1000}s`,
    ALERT_SILENCE_WINDOW: "0",
    ALERT_EMAIL_TO: "support@pinmail.test",
    DIGEST_ENABLED: "false",
    LOG_LEVEL: "silent",
  };
}

export function startAlertService(env: Record<string, string>): Promise<Service> {
  return startService("start", loadRoleConfig("start", env), { logger: createLogger("silent") });
}

/** Polls `check` every 100 ms; returns how long it took to hold. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
