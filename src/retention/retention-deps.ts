// Retention's settings and adapters from the validated config, the same for the worker's daily
// job, `pinmail retention` and the Data page.
import type { RetentionSettings } from "../core/retention-plan.js";
import type { SectionConfig } from "../config.js";
import { imapClientFor } from "../mailbox/imap-client.js";
import type { TokenSource } from "../mailauth/access-token.js";
import type { Db } from "../store/prisma.js";
import { imapMailboxRetention, type OpenImapClient } from "./mailbox-retention.js";
import type { RetentionDeps } from "./run-retention.js";

export function retentionSettingsOf(c: SectionConfig<"retention">): RetentionSettings {
  return { rawMailDays: c.RAW_MAIL_RETENTION_DAYS, recordDays: c.RECORD_RETENTION_DAYS, mailboxDays: c.IMAP_PROCESSED_RETENTION_DAYS };
}

export type ImapSettings = Pick<
  SectionConfig<"imap">,
  "IMAP_HOST" | "IMAP_PORT" | "IMAP_SECURE" | "IMAP_USER" | "IMAP_PROCESSED_MAILBOX" | "IMAP_ATTENTION_MAILBOX"
> & { IMAP_PASSWORD?: string };

/**
 * `open` overrides how a client is made (a worker passes its reader's factory); otherwise one signs
 * in with the password, or with `tokens` when MAIL_AUTH is an OAuth2 mode.
 */
export function retentionDeps(
  db: Db,
  retention: SectionConfig<"retention">,
  imap: ImapSettings | null,
  open?: OpenImapClient,
  tokens?: TokenSource | null,
): RetentionDeps {
  const client: OpenImapClient | null = imap
    ? (open ??
      (() =>
        imapClientFor({ host: imap.IMAP_HOST, port: imap.IMAP_PORT, secure: imap.IMAP_SECURE, user: imap.IMAP_USER, password: imap.IMAP_PASSWORD, tokens })))
    : null;
  return {
    db,
    settings: retentionSettingsOf(retention),
    mailbox: imap && client ? imapMailboxRetention(client, [imap.IMAP_PROCESSED_MAILBOX, imap.IMAP_ATTENTION_MAILBOX], db) : null,
  };
}
