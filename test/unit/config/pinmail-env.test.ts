// Issue 13.7: PINMAIL_ENV. Production checks who sent the mail; development (demo, tests) does
// not, and the start-up log says so plainly.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { describeSenderAuth } from "../../../src/core/sender-auth.js";

function load(env: Record<string, string | undefined>) {
  return loadConfig(["senderAuth"], env);
}
function problems(env: Record<string, string | undefined>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("PINMAIL_ENV", () => {
  it("defaults to development, with sender authentication off", () => {
    expect(load({})).toMatchObject({ PINMAIL_ENV: "development", REQUIRE_SENDER_AUTH: false });
    expect(load({}).MAIL_AUTHSERV_ID).toBeUndefined();
  });

  it("production requires MAIL_AUTHSERV_ID, saying how to find it", () => {
    const p = problems({ PINMAIL_ENV: "production" });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^MAIL_AUTHSERV_ID: missing; PINMAIL_ENV is production/);
    expect(p[0]).toContain("Authentication-Results");
  });

  it("NODE_ENV=production implies production", () => {
    expect(problems({ NODE_ENV: "production" })[0]).toMatch(/^MAIL_AUTHSERV_ID: .*NODE_ENV=production/);
    expect(load({ NODE_ENV: "production", MAIL_AUTHSERV_ID: "mx.example.org" })).toMatchObject({ PINMAIL_ENV: "production", REQUIRE_SENDER_AUTH: true });
  });

  it("an explicit PINMAIL_ENV wins over NODE_ENV", () => {
    expect(load({ NODE_ENV: "production", PINMAIL_ENV: "development" })).toMatchObject({ PINMAIL_ENV: "development", REQUIRE_SENDER_AUTH: false });
  });

  it("in production REQUIRE_SENDER_AUTH defaults to true and can still be turned off on purpose", () => {
    expect(load({ PINMAIL_ENV: "production", MAIL_AUTHSERV_ID: "mx.example.org" }).REQUIRE_SENDER_AUTH).toBe(true);
    expect(load({ PINMAIL_ENV: "production", MAIL_AUTHSERV_ID: "mx.example.org", REQUIRE_SENDER_AUTH: "false" }).REQUIRE_SENDER_AUTH).toBe(false);
  });

  it("refuses other values", () => {
    expect(problems({ PINMAIL_ENV: "staging" })[0]).toMatch(/^PINMAIL_ENV: expected "development" or "production"/);
    expect(problems({ REQUIRE_SENDER_AUTH: "maybe" })[0]).toMatch(/^REQUIRE_SENDER_AUTH: .*true or false/);
  });
});

describe("the start-up line about sender authentication", () => {
  it("says plainly that it is off without MAIL_AUTHSERV_ID", () => {
    const d = describeSenderAuth("development", { authservId: undefined, require: false });
    expect(d.off).toBe(true);
    expect(d.message).toMatch(/^sender authentication is OFF/);
  });
  it("says when it is on", () => {
    const d = describeSenderAuth("production", { authservId: "mx.example.org", require: true });
    expect(d).toEqual({ off: false, message: expect.stringMatching(/^sender authentication is on: requests need a pass from mx\.example\.org/) });
  });
});
