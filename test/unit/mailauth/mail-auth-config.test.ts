import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { strongSecret } from "../../harness/secrets.js";
import { smtpOAuth } from "../../../src/mailauth/setup.js";

const base = {
  DATABASE_URL: "postgresql://u@127.0.0.1:5432/pinmail",
  REDIS_URL: "redis://127.0.0.1:6379",
  IMAP_HOST: "outlook.office365.com",
  IMAP_USER: "pin-reset@example.org",
  SMTP_URL: "smtp://smtp.office365.com:587",
  MAIL_FROM: "PIN Reset <pin-reset@example.org>",
  PIN_SECRET: strongSecret(),
};
const SECTIONS = ["database", "redis", "imap", "mail", "pin", "mailAuth"] as const;

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig([...SECTIONS], env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("MAIL_AUTH settings", () => {
  it("password (the default) needs IMAP_PASSWORD, and keeps the pool and rate as before", () => {
    expect(problems(base)).toEqual([expect.stringMatching(/^IMAP_PASSWORD: missing/)]);
    const c = loadConfig([...SECTIONS], { ...base, IMAP_PASSWORD: "x" });
    expect(c.MAIL_AUTH).toBe("password");
    expect(c.SMTP_POOL_SIZE).toBe(10);
    expect(c.SMTP_RATE_PER_MINUTE).toBeUndefined();
  });

  it("microsoft: reports every missing setting at once, not the password", () => {
    const p = problems({ ...base, MAIL_AUTH: "microsoft" });
    expect(p).toEqual([
      expect.stringMatching(/^OAUTH_TENANT_ID: missing/),
      expect.stringMatching(/^OAUTH_CLIENT_ID: missing/),
      expect.stringMatching(/^OAUTH_CLIENT_SECRET: missing.*OAUTH_CLIENT_CERTIFICATE_FILE/),
    ]);
  });

  it("microsoft: pool of 3 and 30 a minute by default; both can be set", () => {
    const env = { ...base, MAIL_AUTH: "microsoft", OAUTH_TENANT_ID: "t", OAUTH_CLIENT_ID: "c", OAUTH_CLIENT_SECRET: "s" };
    const c = loadConfig([...SECTIONS], env);
    expect(c.SMTP_POOL_SIZE).toBe(3);
    expect(c.SMTP_RATE_PER_MINUTE).toBe(30);
    expect(c.OAUTH_AUTHORITY_URL).toBe("https://login.microsoftonline.com");
    const d = loadConfig([...SECTIONS], { ...env, SMTP_POOL_SIZE: "2", SMTP_RATE_PER_MINUTE: "10" });
    expect([d.SMTP_POOL_SIZE, d.SMTP_RATE_PER_MINUTE]).toEqual([2, 10]);
  });

  it("refuses credentials in SMTP_URL with tokens, an http authority and a bad expiry date", () => {
    const p = problems({
      ...base,
      MAIL_AUTH: "oauth2",
      SMTP_URL: "smtp://bot:pw@smtp.example.org:587",
      OAUTH_TOKEN_URL: "https://idp.example.org/token",
      OAUTH_CLIENT_ID: "c",
      OAUTH_CLIENT_SECRET: "s",
      OAUTH_SCOPE: "mail",
      OAUTH_AUTHORITY_URL: "http://idp.example.org",
      OAUTH_CLIENT_SECRET_EXPIRES_AT: "next year",
    });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OAUTH_AUTHORITY_URL: expected an https URL/),
        expect.stringMatching(/^OAUTH_CLIENT_SECRET_EXPIRES_AT: expected a date/),
        expect.stringMatching(/^SMTP_URL: carries a user name or password/),
      ]),
    );
    expect(p).toHaveLength(3);
  });

  it("google needs the key file; oauth2 its four settings; an unknown mode is named", () => {
    expect(problems({ ...base, MAIL_AUTH: "google" })).toEqual([expect.stringMatching(/^OAUTH_SERVICE_ACCOUNT_FILE: missing/)]);
    expect(problems({ ...base, MAIL_AUTH: "oauth2" }).map((p) => p.split(":")[0])).toEqual([
      "OAUTH_TOKEN_URL",
      "OAUTH_CLIENT_ID",
      "OAUTH_CLIENT_SECRET",
      "OAUTH_SCOPE",
    ]);
    expect(problems({ ...base, MAIL_AUTH: "kerberos", IMAP_PASSWORD: "x" })).toEqual([
      expect.stringMatching(/^MAIL_AUTH: expected one of password, microsoft, google, oauth2/),
    ]);
  });

  it("parses the secret's expiry date", () => {
    const c = loadConfig([...SECTIONS], {
      ...base,
      MAIL_AUTH: "google",
      OAUTH_SERVICE_ACCOUNT_FILE: "package.json",
      OAUTH_CLIENT_SECRET_EXPIRES_AT: "2027-06-30",
    });
    expect(c.OAUTH_CLIENT_SECRET_EXPIRES_AT?.toISOString()).toBe("2027-06-30T00:00:00.000Z");
  });

  it("a process that only sends (web, for alert mail) signs in to SMTP as the mailbox with tokens", () => {
    const env = {
      ...base,
      MAIL_AUTH: "oauth2",
      OAUTH_TOKEN_URL: "https://idp.example.org/token",
      OAUTH_CLIENT_ID: "c",
      OAUTH_CLIENT_SECRET: "s",
      OAUTH_SCOPE: "mail",
    };
    const c = loadConfig(["mail", "mailAuth"], env);
    expect(smtpOAuth(c)).toMatchObject({ user: "pin-reset@example.org", tokens: { provider: "oauth2" } });
    expect(smtpOAuth(loadConfig(["mail", "mailAuth"], { ...base, IMAP_PASSWORD: "x" }))).toBeNull();
    const { IMAP_USER: _, ...noUser } = env;
    expect(() => loadConfig(["mail", "mailAuth"], noUser)).toThrow(/IMAP_USER: missing; MAIL_AUTH=oauth2 needs the mailbox's address/);
  });
});
