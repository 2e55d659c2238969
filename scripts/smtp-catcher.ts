/**
 * SMTP catcher: a small SMTP server (smtp-server) that accepts every message and keeps it where
 * tests and the demo can read it.
 *
 * Store layout (dir = SMTP_CATCHER_DIR, `.services/smtp` when started by scripts/services.sh):
 *   <dir>/inbox/<epoch-ms>-<seq>.eml   the raw message as received (DATA), one file per message
 *   <dir>/index.jsonl                  one JSON line per message, appended after its .eml is written:
 *                                      {file, from, to, messageId, subject, receivedAt}
 *                                      (file is relative to dir; from/to are the SMTP envelope)
 * Optionally a copy is delivered by LMTP into a Dovecot mailbox (user `replies` from services.sh),
 * best effort: an LMTP failure is logged and never fails the SMTP transaction.
 *
 * In-process use (tests):
 *   const catcher = await startSmtpCatcher({ port: 0, dir });   // port 0 = any free port
 *   ... catcher.port ... await catcher.close();
 *
 * CLI (what services.sh runs, in the background):
 *   node --import tsx scripts/smtp-catcher.ts [--host 127.0.0.1] [--port 2525] [--dir DIR]
 *        [--lmtp-host 127.0.0.1] [--lmtp-port P] [--lmtp-user replies] [--no-lmtp] [--pid-file FILE]
 *   (services.sh gives it the port B+25 and Dovecot's LMTP port B+24 of the checkout's port block)
 *   Defaults come from SMTP_CATCHER_HOST, SMTP_CATCHER_PORT, SMTP_CATCHER_DIR, LMTP_HOST, LMTP_PORT,
 *   SMTP_CATCHER_LMTP_USER; without --lmtp-port / LMTP_PORT no copy is delivered.
 */
import { promises as fsp, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";

/** One line of index.jsonl. */
export interface CaughtMessageRecord {
  /** Path of the raw message relative to the catcher dir, e.g. `inbox/1764150000000-1.eml`. */
  file: string;
  /** Envelope sender (MAIL FROM); empty string for the null sender `<>`. */
  from: string;
  /** Envelope recipients (RCPT TO), in order. */
  to: string[];
  /** Message-ID header (with angle brackets), or null when absent/unparsable. */
  messageId: string | null;
  /** Subject header, or null when absent/unparsable. */
  subject: string | null;
  /** ISO 8601 time the message was stored. */
  receivedAt: string;
}

export interface LmtpCopyOptions {
  host?: string;
  port: number;
  /** Dovecot user that receives the copies (the envelope recipient of the LMTP delivery). */
  user: string;
}

/**
 * Hooks for fault simulation. Throwing from a hook rejects that SMTP command; set
 * `responseCode` on the error (e.g. 550, 451) to choose the reply code.
 */
export interface SmtpCatcherHooks {
  onMailFrom?: (address: string, session: SMTPServerSession) => void | Promise<void>;
  onRcptTo?: (address: string, session: SMTPServerSession) => void | Promise<void>;
  /** Called with the raw message before it is stored; throwing rejects the DATA command. */
  onData?: (raw: Buffer, session: SMTPServerSession) => void | Promise<void>;
}

export interface SmtpCatcherOptions {
  /** Port to listen on; 0 picks a free one (see `SmtpCatcher.port`). */
  port: number;
  /** Store directory (created when missing). */
  dir: string;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Deliver a copy of every message into a Dovecot mailbox by LMTP (best effort). */
  lmtp?: LmtpCopyOptions | false;
  /** Called after each message has been stored (and after its LMTP copy was attempted). */
  onMessage?: (record: CaughtMessageRecord, raw: Buffer) => void;
  hooks?: SmtpCatcherHooks;
  /** Largest accepted message in bytes (default 25 MiB). */
  maxSize?: number;
  /** Log lines (default: silent in-process; the CLI logs to stdout). */
  log?: (line: string) => void;
}

export interface SmtpCatcher {
  /** The port actually listened on. */
  port: number;
  host: string;
  dir: string;
  /** Number of messages stored by this instance. */
  readonly count: number;
  close(): Promise<void>;
  server: SMTPServer;
}

class SmtpReplyError extends Error {
  constructor(
    message: string,
    public responseCode: number,
  ) {
    super(message);
  }
}

function addressOf(a: SMTPServerAddress | false | undefined): string {
  return a ? a.address : "";
}

function toError(err: unknown, fallbackCode: number): Error & { responseCode?: number } {
  if (err instanceof Error) {
    const e = err as Error & { responseCode?: number };
    if (typeof e.responseCode !== "number") e.responseCode = fallbackCode;
    return e;
  }
  return new SmtpReplyError(String(err), fallbackCode);
}

export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const host = options.host ?? "127.0.0.1";
  const dir = path.resolve(options.dir);
  const inboxDir = path.join(dir, "inbox");
  const indexFile = path.join(dir, "index.jsonl");
  const maxSize = options.maxSize ?? 25 * 1024 * 1024;
  const log = options.log ?? (() => {});
  const hooks = options.hooks ?? {};
  await fsp.mkdir(inboxDir, { recursive: true });

  const lmtp = options.lmtp
    ? nodemailer.createTransport({
        host: options.lmtp.host ?? "127.0.0.1",
        port: options.lmtp.port,
        lmtp: true,
        ignoreTLS: true,
        connectionTimeout: 5_000,
        greetingTimeout: 5_000,
        socketTimeout: 10_000,
      })
    : null;
  const lmtpUser = options.lmtp ? options.lmtp.user : "";

  let seq = 0;
  let count = 0;

  /** Writes the .eml with an exclusive create, so several catchers can share one dir. */
  async function writeEml(raw: Buffer): Promise<string> {
    for (;;) {
      const name = `${Date.now()}-${++seq}.eml`;
      try {
        await fsp.writeFile(path.join(inboxDir, name), raw, { flag: "wx" });
        return `inbox/${name}`;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
    }
  }

  async function deliverCopy(record: CaughtMessageRecord, raw: Buffer): Promise<void> {
    if (!lmtp) return;
    try {
      // A trace header so the copy in the `replies` mailbox shows who the message was really for.
      const trace = Buffer.from(`X-Catcher-Envelope-From: <${record.from}>\r\nX-Catcher-Envelope-To: ${record.to.join(", ")}\r\n`);
      await lmtp.sendMail({
        envelope: { from: record.from || "mailer-daemon@localhost", to: [lmtpUser] },
        raw: Buffer.concat([trace, raw]),
      });
    } catch (err) {
      log(`LMTP copy of ${record.file} to ${lmtpUser} failed (message kept in the store): ${(err as Error).message}`);
    }
  }

  async function store(raw: Buffer, session: SMTPServerSession): Promise<CaughtMessageRecord> {
    let messageId: string | null = null;
    let subject: string | null = null;
    try {
      const parsed = await simpleParser(raw, {
        skipHtmlToText: true,
        skipTextToHtml: true,
        skipImageLinks: true,
        skipTextLinks: true,
      });
      messageId = parsed.messageId ?? null;
      subject = parsed.subject ?? null;
    } catch {
      // Unparsable message: still stored, with null headers.
    }
    const file = await writeEml(raw);
    const record: CaughtMessageRecord = {
      file,
      from: addressOf(session.envelope.mailFrom),
      to: session.envelope.rcptTo.map((r) => r.address),
      messageId,
      subject,
      receivedAt: new Date().toISOString(),
    };
    // One write per line with O_APPEND: lines from concurrent writers do not interleave.
    await fsp.appendFile(indexFile, JSON.stringify(record) + "\n");
    count++;
    return record;
  }

  const server = new SMTPServer({
    name: "pinmail-smtp-catcher",
    banner: "pinmail SMTP catcher",
    authOptional: true,
    // No TLS at all; AUTH is optional, and any credentials are accepted (as Mailpit does), so an
    // SMTP_URL with user:password works against the catcher too.
    disabledCommands: ["STARTTLS"],
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    disableReverseLookup: true,
    size: maxSize,
    logger: false,
    onMailFrom(address, session, callback) {
      // async wrapper: a hook that throws synchronously must become a rejected command, not a 451
      (async () => hooks.onMailFrom?.(address.address, session))().then(
        () => callback(),
        (err) => callback(toError(err, 550)),
      );
    },
    onRcptTo(address, session, callback) {
      (async () => hooks.onRcptTo?.(address.address, session))().then(
        () => callback(),
        (err) => callback(toError(err, 550)),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (err) => callback(err));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(new SmtpReplyError(`Message exceeds the size limit of ${maxSize} bytes`, 552));
          return;
        }
        const raw = Buffer.concat(chunks);
        (async () => {
          await hooks.onData?.(raw, session);
          let record: CaughtMessageRecord;
          try {
            record = await store(raw, session);
          } catch (err) {
            log(`storing a message failed: ${(err as Error).message}`);
            throw new SmtpReplyError("Local error while storing the message", 451);
          }
          return record;
        })().then(
          (record) => {
            log(`stored ${record.file} from <${record.from}> to ${record.to.join(", ")}: ${record.subject ?? ""}`);
            callback(null, `Message stored as ${record.file}`);
            // After the SMTP reply: the copy is best effort and never delays or fails the sender.
            void deliverCopy(record, raw).then(() => {
              try {
                options.onMessage?.(record, raw);
              } catch (err) {
                log(`onMessage threw: ${(err as Error).message}`);
              }
            });
          },
          (err) => callback(toError(err, 451)),
        );
      });
    },
  });
  let listening = false;
  // (errors while starting to listen are reported by the rejected promise below)
  server.on("error", (err) => {
    if (listening) log(`SMTP server error: ${err.message}`);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once("error", onError);
    server.listen(options.port, host, () => {
      server.server.off("error", onError);
      listening = true;
      resolve();
    });
  });
  const addr = server.server.address();
  const port = typeof addr === "object" && addr ? addr.port : options.port;

  return {
    port,
    host,
    dir,
    get count() {
      return count;
    },
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          lmtp?.close();
          resolve();
        });
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument: ${arg}`);
    const eq = arg.indexOf("=");
    if (eq > 0) {
      out[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (arg === "--no-lmtp" || arg === "--help") {
      out[arg.slice(2)] = true;
    } else {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      out[arg.slice(2)] = value;
    }
  }
  return out;
}

function portNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let args: Record<string, string | boolean>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`smtp-catcher: ${(err as Error).message} (see --help)`);
    process.exit(2);
  }
  if (args.help) {
    console.log(
      "usage: node --import tsx scripts/smtp-catcher.ts [--host H] [--port P] [--dir DIR]\n" +
        "         [--lmtp-host H] [--lmtp-port P] [--lmtp-user USER] [--no-lmtp] [--pid-file FILE]\n" +
        "env: SMTP_CATCHER_HOST, SMTP_CATCHER_PORT (2525), SMTP_CATCHER_DIR (.services/smtp),\n" +
        "     LMTP_HOST, LMTP_PORT, SMTP_CATCHER_LMTP_USER (replies)",
    );
    return;
  }
  const str = (key: string, env: string | undefined, dflt: string) => (typeof args[key] === "string" ? (args[key] as string) : env || dflt);
  const host = str("host", process.env.SMTP_CATCHER_HOST, "127.0.0.1");
  const port = portNumber("--port", str("port", process.env.SMTP_CATCHER_PORT, "2525"));
  const dir = str("dir", process.env.SMTP_CATCHER_DIR, path.resolve(".services/smtp"));
  const lmtpPortText = str("lmtp-port", process.env.LMTP_PORT, "");
  const lmtp: LmtpCopyOptions | false =
    args["no-lmtp"] || !lmtpPortText
      ? false
      : {
          host: str("lmtp-host", process.env.LMTP_HOST, "127.0.0.1"),
          port: portNumber("--lmtp-port", lmtpPortText),
          user: str("lmtp-user", process.env.SMTP_CATCHER_LMTP_USER, "replies"),
        };
  const pidFile = typeof args["pid-file"] === "string" ? (args["pid-file"] as string) : undefined;
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

  let catcher: SmtpCatcher;
  try {
    catcher = await startSmtpCatcher({ host, port, dir, lmtp, log });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(
      e.code === "EADDRINUSE"
        ? `smtp-catcher: ${host}:${port} is already in use; stop what listens there or pick another --port`
        : `smtp-catcher: cannot start: ${e.message}`,
    );
    process.exit(1);
  }
  if (pidFile) await fsp.writeFile(pidFile, `${process.pid}\n`);
  log(
    `listening on ${host}:${catcher.port}, storing in ${dir}` + (lmtp ? `, copies by LMTP to ${lmtp.user} at ${lmtp.host}:${lmtp.port}` : ", no LMTP copies"),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(0), 3_000);
    force.unref();
    void catcher.close().then(async () => {
      if (pidFile) await fsp.rm(pidFile, { force: true });
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) void main();
