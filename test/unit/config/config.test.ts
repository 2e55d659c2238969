import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseMailbox } from "../../../src/config.js";
import { strongSecret } from "../../harness/secrets.js";

const full = {
  DATABASE_URL: "postgresql://u@127.0.0.1:5432/pinmail",
  REDIS_URL: "redis://127.0.0.1:6379",
  IMAP_HOST: "imap.example.org",
  IMAP_USER: "bot",
  IMAP_PASSWORD: "secret",
  SMTP_URL: "smtp://127.0.0.1:25",
  MAIL_FROM: "PIN Reset <pin@example.org>",
  PIN_SECRET: strongSecret(),
  ENROLLMENT_API_TOKEN: strongSecret(),
};

function problems(env: Record<string, string | undefined>, sections: Parameters<typeof loadConfig>[0]): string[] {
  try {
    loadConfig(sections, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const c = loadConfig(["database", "redis", "imap", "mail", "pin", "web", "senderAuth", "worker"], full);
    expect(c).toMatchObject({
      IMAP_MAILBOX: "INBOX",
      IMAP_PORT: 993,
      IMAP_SECURE: true,
      IMAP_PROCESSED_MAILBOX: "PinMail/Processed",
      IMAP_ATTENTION_MAILBOX: "PinMail/Attention",
      IMAP_POLL_SECONDS: 30,
      IMAP_MAX_AGE_DAYS: 14,
      WEB_HOST: "127.0.0.1",
      WEB_PORT: 3000,
      LOG_LEVEL: "info",
      PIN_LENGTH: 8,
      PIN_TTL_DAYS: 14,
      PIN_RATE_LIMIT_PER_DAY: 3,
      UNKNOWN_REPLY_LIMIT_PER_HOUR: 100,
      REQUIRE_SENDER_AUTH: false,
      REMINDERS_ENABLED: true,
    });
  });

  it("reports every problem at once, naming the variable", () => {
    const p = problems({ ...full, PIN_SECRET: "short", REDIS_URL: undefined }, ["database", "redis", "pin"]);
    expect(p).toHaveLength(2);
    expect(p.some((l) => l.startsWith("PIN_SECRET:") && l.includes("at least 32"))).toBe(true);
    expect(p.some((l) => l.startsWith("REDIS_URL:") && l.includes("missing"))).toBe(true);
  });

  it("checks only the sections a command uses", () => {
    expect(problems({ DATABASE_URL: full.DATABASE_URL }, ["database"])).toEqual([]);
  });

  it.each([
    ["IMAP_SECURE", "maybe", "true or false"],
    ["IMAP_PORT", "99999", "1 to 65535"],
    ["SMTP_URL", "http://x", "smtp://"],
    ["DATABASE_URL", "mysql://x", "PostgreSQL"],
    ["MAIL_FROM", "not an address", "address"],
    ["LOG_LEVEL", "loud", "one of"],
    ["WEB_PORT", "abc", "whole number"],
  ])("refuses %s=%s", (name, value, hint) => {
    const p = problems({ ...full, [name]: value }, ["database", "redis", "imap", "mail", "pin", "web"]);
    expect(p.find((l) => l.startsWith(`${name}:`))).toContain(hint);
  });

  it("needs MAIL_AUTHSERV_ID when REQUIRE_SENDER_AUTH is true", () => {
    expect(problems({ REQUIRE_SENDER_AUTH: "true" }, ["senderAuth"])[0]).toMatch(/^REQUIRE_SENDER_AUTH: .*MAIL_AUTHSERV_ID/);
    expect(problems({ REQUIRE_SENDER_AUTH: "true", MAIL_AUTHSERV_ID: "mx.example.org" }, ["senderAuth"])).toEqual([]);
  });

  it("splits PIN_SECRET_PREVIOUS on commas", () => {
    const [a, b] = [strongSecret(), strongSecret()];
    expect(loadConfig(["pin"], { PIN_SECRET: full.PIN_SECRET, PIN_SECRET_PREVIOUS: ` ${a} , ${b},,` }).PIN_SECRET_PREVIOUS).toEqual([a, b]);
  });
});

describe("parseMailbox", () => {
  it.each([
    ["pin@example.org", null, "pin@example.org"],
    ["PIN Reset <pin@example.org>", "PIN Reset", "pin@example.org"],
    ['"Réinitialisation" <nip@example.ca>', "Réinitialisation", "nip@example.ca"],
  ])("reads %s", (v, name, address) => {
    expect(parseMailbox(v)).toEqual({ name, address });
  });
  it("refuses garbage", () => {
    expect(parseMailbox("nobody")).toBeNull();
    expect(parseMailbox("a@b.c, d@e.f")).toBeNull();
  });
});

describe("TRUSTED_PROXIES (issue 13.4)", () => {
  it("is empty by default and reads addresses and CIDR ranges", () => {
    expect(loadConfig(["web"], full).TRUSTED_PROXIES).toEqual([]);
    expect(loadConfig(["web"], { ...full, TRUSTED_PROXIES: " 10.0.0.5, 10.1.0.0/16 ,2001:db8::/32" }).TRUSTED_PROXIES).toEqual([
      "10.0.0.5",
      "10.1.0.0/16",
      "2001:db8::/32",
    ]);
  });
  it("names every entry that is not an address or range", () => {
    const p = problems({ ...full, TRUSTED_PROXIES: "10.0.0.5,proxy.local,10.0.0.0/40" }, ["web"]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^TRUSTED_PROXIES: .*"proxy\.local", "10\.0\.0\.0\/40"/);
  });
});

// Issue 13.6: placeholder and low-entropy secrets are refused, with a way to make a good one.
describe("secrets", () => {
  const secretSections = ["pin", "web"] as const;
  const weak: [string, string][] = [
    ["the .env.example PIN_SECRET", "change-me-to-the-output-of-openssl-rand-hex-32"],
    ["the .env.example token", "change-me-long-random-token"],
    ["the old demo PIN_SECRET", "demo-only-secret-change-me-0123456789abcdef"],
    ["the old demo token", "demo-enrollment-token"],
    ["one letter repeated", "a".repeat(64)],
    ["few distinct characters", "abcdefgh".repeat(8)],
    ["31 bytes", strongSecret().slice(0, 31)],
  ];
  it.each(["PIN_SECRET", "ENROLLMENT_API_TOKEN"])("refuses weak values of %s", (name) => {
    for (const [what, value] of weak) {
      const line = problems({ ...full, [name]: value }, [...secretSections]).find((l) => l.startsWith(`${name}:`));
      expect(line, what).toContain("openssl rand -base64 48");
      // The message must not repeat the secret it refuses (it ends up in logs).
      expect(line, what).not.toContain(value);
    }
  });
  it("checks every PIN_SECRET_PREVIOUS entry", () => {
    const p = problems({ ...full, PIN_SECRET_PREVIOUS: `${strongSecret()},${"a".repeat(40)}` }, ["pin"]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^PIN_SECRET_PREVIOUS: entry 2 too little variety.*openssl rand -base64 48/);
  });
  it("accepts what `openssl rand -base64 48` and `openssl rand -hex 32` make", () => {
    for (let i = 0; i < 50; i++) {
      const hex = randomBytes(32).toString("hex");
      expect(problems({ ...full, PIN_SECRET: hex, PIN_SECRET_PREVIOUS: strongSecret() }, [...secretSections])).toEqual([]);
    }
    // Hex with too few distinct digits is still refused.
    expect(problems({ ...full, PIN_SECRET: "0123456789".repeat(7) }, ["pin"])[0]).toMatch(/too little variety/);
  });
  it("says how to make a secret when one is missing", () => {
    const p = problems({ ...full, PIN_SECRET: undefined, ENROLLMENT_API_TOKEN: undefined }, [...secretSections]);
    expect(p.filter((l) => l.includes("openssl rand -base64 48"))).toHaveLength(2);
  });
});
