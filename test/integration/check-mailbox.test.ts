// `pinmail check-mailbox` against real local servers (issue 16): a private Dovecot that takes
// passwords and (through its oauth2 passdb) tokens, an XOAUTH2-only SMTP receiver that keeps Sent
// copies, and a local identity server — over http in-process, and over https with a test CA for
// MAIL_AUTH=microsoft, which runs the CLI as a child process given the CA by NODE_EXTRA_CA_CERTS.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/private-services.js";
import { runCheckMailbox } from "../../src/cli/commands/check-mailbox.js";
import type { CheckResult } from "../../src/mailbox-check/check-result.js";
import { startIdentityServer, type IdentityServer } from "../harness/identity-server.js";
import { buildMail } from "../harness/mail.js";
import { type OAuthRig, startOAuthRig } from "../harness/oauth-rig.js";
import { strongSecret } from "../harness/secrets.js";

const ROOT = resolve(import.meta.dirname, "../..");
const USER = "test-check";
const secret = strongSecret();
let rig: OAuthRig;
let httpsIdp: IdentityServer;

const imap = () => rig.imap();

function baseEnv(): Record<string, string> {
  return {
    ...rig.env(),
    IMAP_SECURE: "false",
    MAIL_FROM: `PIN Reset <${USER}@pinmail.test>`,
    MAIL_AUTHSERV_ID: "mx.pinmail.test",
  };
}

/** MAIL_AUTH=microsoft against the https identity server; the test adds the client's credential. */
function microsoftEnv(): Record<string, string> {
  return {
    ...baseEnv(),
    MAIL_AUTH: "microsoft",
    OAUTH_TOKEN_URL: "",
    OAUTH_SCOPE: "",
    OAUTH_AUTHORITY_URL: httpsIdp.authorityUrl,
    OAUTH_TENANT_ID: httpsIdp.tenantId,
    OAUTH_CLIENT_ID: "pinmail-msal",
  };
}

async function check(env: Record<string, string>, args: string[] = []): Promise<{ code: number; text: string; results: CheckResult[] }> {
  let text = "";
  const code = await runCheckMailbox(args, { env, out: (t) => (text += t), sentCopyWaitMs: 3000 });
  let json = "";
  await runCheckMailbox(["--json"], { env, out: (t) => (json += t) });
  return { code, text, results: (JSON.parse(json) as { checks: CheckResult[] }).checks };
}

const line = (text: string, id: RegExp) => text.split("\n").find((l) => id.test(l));

beforeAll(async () => {
  httpsIdp = await startIdentityServer({ https: true, tokenTtlSeconds: 60 });
  httpsIdp.addClient({ id: "pinmail-msal", secret, user: USER });
  rig = await startOAuthRig({
    user: USER,
    clientId: "pinmail-check",
    secret,
    tokenTtlSeconds: 60,
    smtpDirPrefix: "pinmail-check-smtp-",
    // Dovecot asks one introspection endpoint; it vouches for the https server's tokens too.
    withIdp: (idp) => idp.trust(httpsIdp),
  });
  // One message with our server's Authentication-Results, one with another id.
  const c = await imap();
  try {
    await c.append(
      "INBOX",
      buildMail({ from: "a@sender.test", subject: "hello", headers: { "Authentication-Results": "mx.pinmail.test; dkim=pass header.d=sender.test" } }).raw,
    );
    await c.append("INBOX", buildMail({ from: "b@sender.test", subject: "hello", headers: { "Authentication-Results": "other.example; spf=pass" } }).raw);
  } finally {
    await c.logout();
  }
});

afterAll(async () => {
  await rig?.stop();
  await httpsIdp?.stop();
});

describe("pinmail check-mailbox", () => {
  it("all ✓ with good settings; --send-test sends one message and finds (and deletes) its Sent copy", async () => {
    const { code, text, results } = await check(baseEnv(), ["--send-test", "someone@example.org"]);
    expect(text).not.toMatch(/^✗/m);
    expect(code).toBe(0);
    expect(line(text, /token obtained/)).toMatch(/^✓ token obtained from oauth2 \(expires \d{4}-\d\d-\d\d \d\d:\d\d UTC, scopes: mail\.imap mail\.smtp\)$/);
    expect(line(text, /IMAP sign-in/)).toBe(`✓ IMAP sign-in as ${USER} accepted (token, XOAUTH2/OAUTHBEARER)`);
    expect(line(text, /IMAP capabilities/)).toBe("✓ IMAP capabilities: IDLE, MOVE, UIDPLUS");
    expect(line(text, /IMAP_MAILBOX/)).toBe("✓ IMAP_MAILBOX INBOX exists: 2 message(s)");
    expect(line(text, /SMTP AUTH mechanisms/)).toBe("✓ SMTP AUTH mechanisms offered: XOAUTH2");
    expect(line(text, /SMTP sign-in/)).toBe(`✓ SMTP sign-in as ${USER} (token) accepted`);
    expect(line(text, /sender authentication/)).toBe("✓ sender authentication: 1 of the newest 2 message(s) carry Authentication-Results from mx.pinmail.test");
    expect(line(text, /copy of the test message/)).toMatch(/^✓ the provider kept a copy of the test message in Sent: pinmail deletes such copies/);
    expect(rig.smtp.counts.accepted).toBe(1);
    const c = await imap();
    try {
      expect(await c.status("Sent", { messages: true })).toMatchObject({ messages: 0 });
    } finally {
      await c.logout();
    }
    // --json: the same checks, for scripts; never a token.
    expect(results.every((r) => r.ok)).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(results.find((r) => r.id === "sender-auth")?.data).toMatchObject({ authservIds: { "mx.pinmail.test": 1, "other.example": 1 } });
  });

  it("✗ for a wrong password, with what to check", async () => {
    const env = { ...baseEnv(), MAIL_AUTH: "password", IMAP_PASSWORD: "wrong" };
    const { code, text } = await check(env);
    expect(code).toBe(1);
    expect(line(text, /IMAP sign-in/)).toBe("✗ IMAP sign-in as test-check refused (AUTHENTICATE PLAIN -> NO Authentication failed.)");
    expect(text).toMatch(/→ check IMAP_USER and IMAP_PASSWORD/);
  });

  it("✗ for a folder that does not exist, naming the ones that do", async () => {
    const { code, text } = await check({ ...baseEnv(), IMAP_MAILBOX: "Requests" });
    expect(code).toBe(1);
    expect(line(text, /IMAP_MAILBOX/)).toBe("✗ IMAP_MAILBOX Requests does not exist");
    expect(text).toMatch(/→ set IMAP_MAILBOX to one of the folders on the server: .*INBOX/);
  });

  it("✗ for a refused token, with the provider's answer and what to check", async () => {
    rig.idp.refusing = true;
    try {
      const { code, text } = await check(baseEnv());
      expect(code).toBe(1);
      expect(line(text, /token/)).toMatch(/^✗ no token from oauth2: token endpoint answered invalid_client \(AADSTS7000222/);
      expect(text).toMatch(/→ the identity server refused the client: check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET/);
      expect(line(text, /IMAP: not checked/)).toBe("✗ IMAP: not checked (no token)");
    } finally {
      rig.idp.refusing = false;
    }
  });

  it("✗ for a closed SMTP port", async () => {
    const port = await freePort();
    const { code, text } = await check({ ...baseEnv(), SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(line(text, /SMTP server/)).toBe(`✗ SMTP server 127.0.0.1:${port} cannot be reached (ECONNREFUSED)`);
    expect(line(text, /IMAP sign-in/)).toMatch(/^✓/);
  });

  async function cli(env: Record<string, string>): Promise<{ code: number | null; checks: Record<string, CheckResult>; stderr: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "check-mailbox", "--json"], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", NODE_EXTRA_CA_CERTS: httpsIdp.caFile!, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    const parsed = JSON.parse(stdout || "{}") as { checks?: CheckResult[] };
    return { code, stderr, checks: Object.fromEntries((parsed.checks ?? []).map((c) => [c.id, c])) };
  }

  it("MAIL_AUTH=microsoft with a certificate: msal-node signs a client assertion; the expiry is read from the certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-app-cert-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "400",
        "-subj",
        "/CN=pinmail app",
      ],
      { stdio: "pipe" },
    );
    const { code, checks, stderr } = await cli({
      ...microsoftEnv(),
      OAUTH_CLIENT_SECRET: "",
      OAUTH_CLIENT_CERTIFICATE_FILE: join(dir, "cert.pem"),
      OAUTH_CLIENT_CERTIFICATE_KEY_FILE: join(dir, "key.pem"),
    });
    expect(checks["settings"]?.detail, stderr).toMatch(/client certificate expires \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(checks["token"]).toMatchObject({ ok: true, data: { provider: "microsoft" } });
    expect(httpsIdp.counts.assertions).toBeGreaterThan(0);
    expect(code).toBe(0);
  }, 60_000);

  it("MAIL_AUTH=microsoft: msal-node gets the token from the https identity server (test CA) and both servers take it", async () => {
    const env = {
      ...microsoftEnv(),
      OAUTH_CLIENT_SECRET: secret,
    };
    const { code, checks: byId, stderr } = await cli(env);
    expect(byId["token"], stderr).toMatchObject({ ok: true, data: { provider: "microsoft", scopes: ["https://outlook.office365.com/.default"] } });
    expect(byId["imap-sign-in"]).toMatchObject({ ok: true });
    expect(byId["smtp-sign-in"]).toMatchObject({ ok: true });
    expect(httpsIdp.counts.issued).toBeGreaterThan(0);
    expect(Object.values(byId).filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);
  }, 60_000);
});
