// One place that turns IMAP settings into an ImapFlow client. Plain (non-TLS) servers must not
// be offered STARTTLS: imapflow would otherwise try it and fail against a loopback test server.
import { ImapFlow } from "imapflow";

export interface ImapAccount {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

export function createImapClient(a: ImapAccount, extra: { idleDelayMs?: number } = {}): ImapFlow {
  return new ImapFlow({
    host: a.host,
    port: a.port,
    secure: a.secure,
    auth: { user: a.user, pass: a.password },
    logger: false,
    doSTARTTLS: a.secure ? undefined : false,
    autoIdleDelay: extra.idleDelayMs,
    maxIdleTime: 5 * 60_000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
  } as ConstructorParameters<typeof ImapFlow>[0]);
}
