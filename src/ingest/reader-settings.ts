// The mailbox reader's settings from the imap and mailAuth sections (the worker role loads both).
import type { ConfigOf } from "../config.js";
import type { TokenSource } from "../mailauth/access-token.js";
import { imapSignInOf } from "../mailbox/imap-client.js";
import type { MailboxSettings } from "./mailbox-reader.js";

export function readerSettingsOf(c: ConfigOf<"imap" | "mailAuth">, tokens: TokenSource | null): MailboxSettings {
  return {
    ...imapSignInOf(c, tokens),
    authMode: c.MAIL_AUTH,
    mailbox: c.IMAP_MAILBOX,
    processedMailbox: c.IMAP_PROCESSED_MAILBOX,
    attentionMailbox: c.IMAP_ATTENTION_MAILBOX,
    pollSeconds: c.IMAP_POLL_SECONDS,
    sweepSeconds: c.IMAP_SWEEP_SECONDS,
    idleDelayMs: c.IMAP_IDLE_DELAY_MS,
    maxMessageBytes: c.IMAP_MAX_MESSAGE_BYTES,
    reconnectMinMs: c.IMAP_RECONNECT_MIN_MS,
    reconnectMaxMs: c.IMAP_RECONNECT_MAX_MS,
  };
}
