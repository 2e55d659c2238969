// The `daily-digest` job (08:00 Toronto, Monday to Friday) and `pinmail digest --send`: one mail
// per business day to DIGEST_EMAIL_TO. A row per Toronto date makes a retried or duplicated
// job send it once; a failed send removes the row again so the retry sends it.
import type { Transporter } from "nodemailer";
import { isBusinessDay } from "../../core/business-days.js";
import type { Logger } from "../../runtime/logger.js";
import type { Db } from "../../store/prisma.js";
import { loadDigest } from "./load-digest.js";
import { renderDigest, type RenderedDigest, type StaffLocale } from "./render-digest.js";

export interface DigestSettings {
  to: string[];
  locale: StaffLocale;
  dashboardUrl: string | null;
  from: string;
  envelopeFrom: string;
}

export interface DigestDeps {
  db: Db;
  transport: Pick<Transporter, "sendMail"> | null;
  settings: DigestSettings;
  logger: Logger;
}

export async function buildDigest(db: Db, settings: Pick<DigestSettings, "locale" | "dashboardUrl">, now: Date): Promise<RenderedDigest & { day: string }> {
  const data = await loadDigest(db, now);
  return { ...renderDigest(data, settings.locale, settings.dashboardUrl), day: data.day };
}

export async function sendDigest(d: DigestDeps, digest: RenderedDigest): Promise<void> {
  if (!d.transport) throw new Error("no SMTP transport to send the digest with");
  if (!d.settings.to.length) throw new Error("no recipient: set DIGEST_EMAIL_TO or ALERT_EMAIL_TO");
  await d.transport.sendMail({
    from: d.settings.from,
    to: d.settings.to,
    envelope: { from: d.settings.envelopeFrom, to: d.settings.to },
    subject: digest.subject,
    text: digest.text,
    html: digest.html,
    headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
  });
}

export type DigestRun = { sent: false; reason: "not a business day" | "already sent" } | { sent: true; day: string };

export async function runDigestJob(d: DigestDeps, now: Date): Promise<DigestRun> {
  if (!isBusinessDay(now)) return { sent: false, reason: "not a business day" };
  const digest = await buildDigest(d.db, d.settings, now);
  const claimed = await d.db.$executeRaw`INSERT INTO digests_sent (day) VALUES (${digest.day}) ON CONFLICT (day) DO NOTHING`;
  if (claimed === 0) return { sent: false, reason: "already sent" };
  try {
    await sendDigest(d, digest);
  } catch (err) {
    await d.db.digestSent.delete({ where: { day: digest.day } }).catch(() => undefined);
    throw err;
  }
  d.logger.info({ day: digest.day, to: d.settings.to.length }, "daily digest sent");
  return { sent: true, day: digest.day };
}
