// Each role gets exactly the sections it loaded (issue 14 item 4), and the settings builders
// derive what the adapters need without gap fills.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { mailIdentityOf } from "../../../src/config/mail-identity.js";
import { queueTimingsOf } from "../../../src/jobs/producers.js";
import { loadRoleConfig } from "../../../src/main.js";
import { smtpSettingsOf } from "../../../src/outbox/transport.js";
import { analysePolicyOf } from "../../../src/pipeline/analyse-settings.js";
import { staffAuthSettingsOf, trustProxyOf } from "../../../src/web/web-settings.js";
import { strongSecret } from "../../harness/secrets.js";

const env = {
  DATABASE_URL: "postgresql://u@127.0.0.1:5432/pinmail",
  REDIS_URL: "redis://127.0.0.1:6379",
  IMAP_HOST: "imap.example.org",
  IMAP_USER: "bot",
  IMAP_PASSWORD: "secret",
  SMTP_URL: "smtp://127.0.0.1:25",
  MAIL_FROM: "PIN Reset <Pin@Example.ORG>",
  PIN_SECRET: strongSecret(),
  ENROLLMENT_API_TOKEN: strongSecret(),
};

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("loadRoleConfig", () => {
  it("gives each role the parts it loaded: worker and web alone, both for start", () => {
    const worker = loadRoleConfig("worker", env);
    expect(worker.web).toBeNull();
    expect(worker.worker).toMatchObject({ IMAP_MAX_AGE_DAYS: 14, WORKER_CONCURRENCY: 16 });
    const web = loadRoleConfig("web", env);
    expect(web.worker).toBeNull();
    expect(web.web).toMatchObject({ WEB_PORT: 3000 });
    // The web role never read the mailbox reader's settings.
    expect(Object.keys(web.shared)).not.toContain("IMAP_MAX_AGE_DAYS");
    const start = loadRoleConfig("start", env);
    expect(start.worker.IMAP_HOST).toBe("imap.example.org");
    expect(start.web.WEB_HOST).toBe("127.0.0.1");
    // @ts-expect-error the web part is typed without the mailbox reader's settings
    expect(start.web.IMAP_MAX_AGE_DAYS).toBe(14);
  });

  it("refuses a bad setting of its own sections with the loader's message, and only those", () => {
    expect(problems(() => loadRoleConfig("worker", { ...env, WORKER_CONCURRENCY: "0" }))).toEqual([
      'WORKER_CONCURRENCY: expected a whole number from 1 to 500, got "0"',
    ]);
    expect(problems(() => loadRoleConfig("web", { ...env, WORKER_CONCURRENCY: "0" }))).toEqual([]);
    expect(problems(() => loadRoleConfig("web", { ...env, WEB_PORT: "x" }))).toEqual(['WEB_PORT: expected a whole number from 0 to 65535, got "x"']);
    expect(problems(() => loadRoleConfig("worker", { ...env, WEB_PORT: "x" }))).toEqual([]);
    expect(problems(() => loadRoleConfig("start", { ...env, WEB_PORT: "x", WORKER_CONCURRENCY: "0" }))).toEqual([
      'WORKER_CONCURRENCY: expected a whole number from 1 to 500, got "0"',
      'WEB_PORT: expected a whole number from 0 to 65535, got "x"',
    ]);
  });
});

describe("settings builders", () => {
  it("mailIdentityOf: the bare address, its domain in lower case, the return path and support address defaulting to it", () => {
    const mail = loadConfig(["mail"], env);
    expect(mailIdentityOf(mail)).toEqual({
      from: "PIN Reset <Pin@Example.ORG>",
      address: "Pin@Example.ORG",
      ownDomain: "example.org",
      envelopeFrom: "Pin@Example.ORG",
      supportAddress: "Pin@Example.ORG",
      portalUrl: "https://portal.example.org/sign-in",
    });
    const set = mailIdentityOf(loadConfig(["mail"], { ...env, MAIL_RETURN_PATH: "bounces@example.org", SUPPORT_ADDRESS: "help@example.org" }));
    expect(set).toMatchObject({ envelopeFrom: "bounces@example.org", supportAddress: "help@example.org" });
  });

  it("smtpSettingsOf signs with DKIM only when all three settings are set; queueTimingsOf keeps the retry settings", () => {
    const mail = loadConfig(["mail"], { ...env, SMTP_RETRY_ATTEMPTS: "7", SMTP_RETRY_BASE_MS: "250" });
    expect(smtpSettingsOf(mail)).toEqual({ smtpUrl: "smtp://127.0.0.1:25", poolSize: 10, dkim: null, ratePerMinute: undefined });
    expect(queueTimingsOf(mail)).toEqual({ smtpRetryAttempts: 7, smtpRetryBaseMs: 250 });
    const keyFile = new URL(import.meta.url).pathname;
    const signed = smtpSettingsOf(loadConfig(["mail"], { ...env, DKIM_DOMAIN: "example.org", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY_FILE: keyFile }));
    expect(signed.dkim).toEqual({ domainName: "example.org", keySelector: "s1", privateKeyFile: keyFile });
  });

  it("analysePolicyOf and the web settings", () => {
    const c = loadConfig(["mail", "senderAuth"], { ...env, MAIL_AUTHSERV_ID: "mx.example.org", REQUIRE_SENDER_AUTH: "true" });
    expect(analysePolicyOf(c)).toEqual({
      ownAddress: "Pin@Example.ORG",
      ownDomain: "example.org",
      senderAuth: { authservId: "mx.example.org", require: true },
    });
    const web = loadConfig(["web"], { ...env, WEB_PUBLIC_URL: "https://staff.example.org", TRUSTED_PROXIES: "10.0.0.5" });
    expect(staffAuthSettingsOf(web)).toEqual({ idleMs: 8 * 3_600_000, maxFailures: 5, lockoutMs: 15 * 60_000, secureCookies: true });
    expect(trustProxyOf(web)).toEqual(["10.0.0.5"]);
    expect(trustProxyOf(loadConfig(["web"], env))).toBe(false);
  });
});
