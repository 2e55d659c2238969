// MAIL_AUTH=oauth2 end to end on this machine (issue 16): a local identity server issues
// client-credentials tokens, a private Dovecot checks them at sign-in through its oauth2 passdb,
// and an XOAUTH2-only SMTP receiver checks them too and, like Microsoft 365 and Gmail, keeps a
// copy of every accepted message in the sender's Sent folder. Nothing is mocked.
import type { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRecords } from "../fixtures/records.js";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages, waitForMessages } from "../harness/mail-sink.js";
import { collectLogLines, type OAuthRig, startOAuthRig } from "../harness/oauth-rig.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { strongSecret } from "../harness/secrets.js";
import { signIn } from "../harness/web-session.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

const USER = "test-oauth";
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./;

let rig: OAuthRig;
let h: Harness;
const log: string[] = [];

/** A password session on the private Dovecot (test-* / "test"), for the test's own reading. */
const imap = (): Promise<ImapFlow> => rig.imap();

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readyz = async () => (await (await fetch(`${h.url}/readyz`)).json()) as { ready: boolean; failing: string[] };
const metric = async (reason: string) => {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  return Number(new RegExp(`^pinmail_mailbox_auth_failures_total\\{reason="${reason}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
};

beforeAll(async () => {
  // Tokens of a few seconds: every sign-in after a short pause needs a new one.
  rig = await startOAuthRig({ user: USER, clientId: "pinmail-test", tokenTtlSeconds: 4, smtpDirPrefix: "pinmail-xoauth2-" });
  h = await startHarness({
    records: testRecords(),
    logStream: collectLogLines(log),
    env: {
      LOG_LEVEL: "info",
      ...rig.env(),
      // For the harness's own set-up session only: pinmail signs in with tokens.
      IMAP_PASSWORD: "test",
      OAUTH_CLIENT_SECRET_EXPIRES_AT: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      SMTP_RETRY_ATTEMPTS: "30",
      SMTP_RETRY_BASE_MS: "300",
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await rig?.stop();
});

describe("MAIL_AUTH=oauth2", () => {
  it("answers a request signing in to IMAP and SMTP with tokens, and removes the PIN's copy from Sent", async () => {
    const mail = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
    await h.append(mail.raw);
    const [reply] = await waitForMessages(rig.smtp.dir, (r) => r.to.includes("maria.santos@northwind.test"), { timeoutMs: 20_000 });
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);
    expect(rig.smtp.counts.authOk).toBeGreaterThan(0);
    // Dovecot asked the identity server about pinmail's token when it signed in.
    expect(rig.idp.counts.introspected).toBeGreaterThan(0);
    expect(rig.idp.counts.issued).toBeGreaterThan(0);

    // The receiver saved a copy in Sent; pinmail finds it by Message-ID and deletes it.
    expect(rig.sentCopies).toBe(1);
    await waitFor("the Sent copy to be removed", async () => {
      const c = await imap();
      try {
        const status = await c.status("Sent", { messages: true });
        return status !== false && status.messages === 0;
      } finally {
        await c.logout();
      }
    });
    expect(log.some((l) => l.includes("copies of PIN replies are removed from the Sent folder"))).toBe(true);
    expect(await readyz()).toEqual({ ready: true, failing: [] });
  });

  it("an SMTP refusal of the token is transient: readyz names mailbox-auth, the reply waits and goes out once", async () => {
    const before = await metric("token_refused");
    rig.smtp.refusing = true;
    const mail = buildMail({ from: "stranger@unknown.test", subject: "PIN Reset", body: "My name is Nobody Known" });
    await h.append(mail.raw);
    await waitFor("readyz to name mailbox-auth", async () => (await readyz()).failing.includes("mailbox-auth"));
    expect((await readyz()).failing).toEqual(["mailbox-auth"]);
    expect(await metric("token_refused")).toBeGreaterThan(before);
    const line = log.find((l) => l.includes("SMTP refused the token"));
    expect(line).toBeDefined();
    const row = await h.db.outboundMessage.findFirstOrThrow({ where: { toAddress: "stranger@unknown.test" } });
    expect(row.status).not.toBe("undeliverable");
    expect((await readCaughtMessages(rig.smtp.dir)).filter((r) => r.to.includes("stranger@unknown.test"))).toHaveLength(0);

    rig.smtp.refusing = false;
    await waitForMessages(rig.smtp.dir, (r) => r.to.includes("stranger@unknown.test"), { timeoutMs: 30_000 });
    await waitFor("readyz to recover", async () => (await readyz()).ready);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await readCaughtMessages(rig.smtp.dir)).filter((r) => r.to.includes("stranger@unknown.test"))).toHaveLength(1);
  }, 60_000);

  it("when the identity server refuses the client, the reader backs off with one clear line, then recovers", async () => {
    rig.idp.refusing = true;
    // The reader's cached token lasts a few seconds more; the next sign-in after that needs a new one.
    await new Promise((r) => setTimeout(r, rig.idp.tokenTtlSeconds * 1000));
    rig.dovecot.kick(USER);
    await waitFor("readyz to name mailbox-auth", async () => (await readyz()).failing.includes("mailbox-auth"));
    const lines = log.filter((l) => l.includes("AADSTS7000222"));
    // Retries do not repeat the same line.
    await new Promise((r) => setTimeout(r, 2000));
    expect(log.filter((l) => l.includes("AADSTS7000222"))).toHaveLength(lines.length);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, side: "token", reason: "invalid_client" });
    expect(JSON.parse(lines[0]!).msg).toMatch(
      /^token endpoint answered invalid_client .*: the identity server refused the client: check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET$/,
    );
    expect(await metric("invalid_client")).toBeGreaterThan(0);

    rig.idp.refusing = false;
    await waitFor("readyz to recover", async () => (await readyz()).ready, 30_000);
    const mail = buildMail({ from: "Jean Tremblay <jean.tremblay@northwind.test>", subject: "PIN Reset", body: "Prénom: Jean\nNom: Tremblay" });
    await h.append(mail.raw);
    await waitForMessages(rig.smtp.dir, (r) => r.to.includes("jean.tremblay@northwind.test"), { timeoutMs: 20_000 });
  }, 60_000);

  it("never puts a token in the log or in Redis", async () => {
    expect(log.length).toBeGreaterThan(5);
    expect(log.filter((l) => JWT.test(l))).toEqual([]);
    const status = await h.service.redis.get(`${h.env.QUEUE_PREFIX}:mailbox-status`);
    expect(status).toBeTruthy();
    expect(status).not.toMatch(JWT);
    expect(JSON.parse(status!).auth).toMatchObject({ mode: "oauth2", authFailing: false });
  });

  it("warns in the log and on the dashboard's overview when the client secret expires within 30 days", async () => {
    const warn = log.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.startsWith("The mailbox's client secret expires on"));
    expect(warn).toMatchObject({ level: 40 });
    expect(warn!.msg).toMatch(/\(in 10 days\): create a new one in the app registration before then$/);
    const password = strongSecret();
    await addStaff(h.db, { email: "sam@support.test", role: "support", password });
    const { cookie } = await signIn(h.service.app!, "sam@support.test", password);
    await waitFor("the overview warning", async () => {
      const page = await h.service.app!.inject({ url: "/partials/overview", headers: { cookie } });
      // The sentence comes from the staff catalogue (issue 20), so its apostrophe is escaped.
      return /<strong>Expires soon:<\/strong> the mailbox(?:'|&#39;)s client secret expires on <time[^>]*>[^<]+<\/time> \(in 10 days\)/.test(page.body);
    });
  });
});
