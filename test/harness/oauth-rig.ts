// The private mailbox rig the OAuth2 and folder tests share (issue 16): a local identity server
// issuing client-credentials tokens, a private Dovecot checking them at sign-in (oauth2 passdb)
// and an XOAUTH2-only SMTP receiver that checks them too and, like Microsoft 365 and Gmail, keeps
// a copy of every accepted message in the sender's Sent folder. Nothing is mocked.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { ImapFlow } from "imapflow";
import { type PrivateDovecot, startPrivateDovecot } from "../../scripts/private-services.js";
import { type IdentityServer, startIdentityServer, TEST_SCOPE } from "./identity-server.js";
import { strongSecret } from "./secrets.js";
import { startXoauth2Smtp, type Xoauth2Smtp } from "./xoauth2-smtp.js";

/** A password session on a private Dovecot (test-* users take "test"), for a test's own reading. */
export async function passwordSession(port: number, user: string, opts: { ignoreErrors?: boolean } = {}): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: "127.0.0.1",
    port,
    secure: false,
    doSTARTTLS: false,
    logger: false,
    auth: { user, pass: "test" },
  } as ConstructorParameters<typeof ImapFlow>[0]);
  // Sessions kicked by the server mid-test would otherwise surface as unhandled errors.
  if (opts.ignoreErrors) c.on("error", () => undefined);
  await c.connect();
  return c;
}

/** A log stream for startHarness that pushes each line it receives onto `lines`. */
export function collectLogLines(lines: string[]): PassThrough {
  const stream = new PassThrough();
  stream.on("data", (b: Buffer) => lines.push(...b.toString().split("\n").filter(Boolean)));
  return stream;
}

export interface OAuthRig {
  user: string;
  clientId: string;
  secret: string;
  idp: IdentityServer;
  dovecot: PrivateDovecot;
  smtp: Xoauth2Smtp;
  /** Copies the SMTP receiver saved in Sent so far. */
  readonly sentCopies: number;
  /** A password session as `user`. */
  imap(): Promise<ImapFlow>;
  /** pinmail's mailbox settings for this rig (MAIL_AUTH=oauth2). */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startOAuthRig(opts: {
  user: string;
  clientId: string;
  tokenTtlSeconds: number;
  /** Prefix of the SMTP receiver's temporary directory. */
  smtpDirPrefix: string;
  secret?: string;
  socketTimeoutMs?: number;
  ignoreImapErrors?: boolean;
  /** Runs once the identity server is up, before Dovecot starts (e.g. to trust another one). */
  withIdp?: (idp: IdentityServer) => void;
}): Promise<OAuthRig> {
  const secret = opts.secret ?? strongSecret();
  let idp: IdentityServer | undefined;
  let dovecot: PrivateDovecot | undefined;
  let smtp: Xoauth2Smtp | undefined;
  let sentCopies = 0;
  const stop = async () => {
    await smtp?.close();
    await dovecot?.destroy();
    await idp?.stop();
  };
  try {
    idp = await startIdentityServer({ tokenTtlSeconds: opts.tokenTtlSeconds });
    idp.addClient({ id: opts.clientId, secret, user: opts.user });
    opts.withIdp?.(idp);
    const started = idp;
    dovecot = await startPrivateDovecot({ oauth2: { introspectionUrl: started.introspectionUrl }, sentFolder: true });
    const port = dovecot.port;
    const imap = () => passwordSession(port, opts.user, { ignoreErrors: opts.ignoreImapErrors });
    smtp = await startXoauth2Smtp({
      dir: mkdtempSync(join(tmpdir(), opts.smtpDirPrefix)),
      introspect: (t) => started.introspect(t),
      socketTimeoutMs: opts.socketTimeoutMs,
      saveSentCopy: async (raw) => {
        const c = await imap();
        try {
          await c.append("Sent", raw, ["\\Seen"]);
          sentCopies++;
        } finally {
          await c.logout();
        }
      },
    });
    const receiver = smtp;
    return {
      user: opts.user,
      clientId: opts.clientId,
      secret,
      idp: started,
      dovecot,
      smtp: receiver,
      get sentCopies() {
        return sentCopies;
      },
      imap,
      env: () => ({
        IMAP_HOST: "127.0.0.1",
        IMAP_PORT: String(port),
        IMAP_USER: opts.user,
        MAIL_AUTH: "oauth2",
        OAUTH_TOKEN_URL: started.tokenUrl,
        OAUTH_CLIENT_ID: opts.clientId,
        OAUTH_CLIENT_SECRET: secret,
        OAUTH_SCOPE: TEST_SCOPE,
        SMTP_URL: `smtp://127.0.0.1:${receiver.port}`,
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
