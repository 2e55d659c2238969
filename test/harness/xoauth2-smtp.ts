// An SMTP receiver that accepts XOAUTH2 only, with a token the identity server vouches for, as
// Exchange Online and Gmail do for app-only sending. Accepted mail is stored like the SMTP
// catcher stores it (<dir>/index.jsonl + inbox/*.eml, so waitForMessages() reads it), and with
// `saveSentCopy` handed to the test to append to the sender's Sent folder, as those providers do.
// Settings verified in ../shared/research/ecosystem.md ("OAuth2 mailboxes").
import { promises as fsp } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { CaughtMessageRecord } from "./mail-sink.js";

export interface Xoauth2Smtp {
  port: number;
  dir: string;
  readonly counts: { accepted: number; authOk: number; authRefused: number };
  /** While true every sign-in is refused, whatever the token (a revoked grant on the provider's side). */
  refusing: boolean;
  close(): Promise<void>;
}

export async function startXoauth2Smtp(opts: {
  dir: string;
  introspect: (token: string) => Promise<{ username: string } | null>;
  saveSentCopy?: (raw: Buffer, user: string) => Promise<void>;
  /** Idle connections are closed (421) after this long, so senders sign in again (default 1500). */
  socketTimeoutMs?: number;
}): Promise<Xoauth2Smtp> {
  await fsp.mkdir(path.join(opts.dir, "inbox"), { recursive: true });
  let seq = 0;
  const state = { counts: { accepted: 0, authOk: 0, authRefused: 0 }, refusing: false };
  const server = new SMTPServer({
    authMethods: ["XOAUTH2"],
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    socketTimeout: opts.socketTimeoutMs ?? 1500,
    logger: false,
    onAuth(auth, _session, cb) {
      void (async () => {
        const who = auth.method === "XOAUTH2" && auth.accessToken ? await opts.introspect(auth.accessToken) : null;
        if (state.refusing || !who || who.username.toLowerCase() !== String(auth.username).toLowerCase()) {
          state.counts.authRefused++;
          // The 334 + JSON exchange real providers use, so nodemailer asks for a renewed token once.
          return cb(null, { data: { status: "401", schemes: "bearer", scope: "https://mail.example/" } });
        }
        state.counts.authOk++;
        cb(null, { user: who.username });
      })();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        try {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          const file = `inbox/${Date.now()}-${++seq}.eml`;
          await fsp.writeFile(path.join(opts.dir, file), raw);
          const record: CaughtMessageRecord = {
            file,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId ?? null,
            subject: parsed.subject ?? null,
            receivedAt: new Date().toISOString(),
          };
          // The Sent copy first: once a test sees the message it may look for the copy.
          if (opts.saveSentCopy) await opts.saveSentCopy(raw, String(session.user));
          await fsp.appendFile(path.join(opts.dir, "index.jsonl"), JSON.stringify(record) + "\n");
          state.counts.accepted++;
          cb();
        } catch (err) {
          cb(err as Error);
        }
      });
    },
  });
  await new Promise<void>((res, rej) => {
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => res());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    dir: opts.dir,
    counts: state.counts,
    get refusing() {
      return state.refusing;
    },
    /** Setting it also drops the open connections: a refusal is seen at the next sign-in. */
    set refusing(on: boolean) {
      state.refusing = on;
      for (const c of (server as unknown as { connections: Set<{ close(): void }> }).connections) c.close();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
