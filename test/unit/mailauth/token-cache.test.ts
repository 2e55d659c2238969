import { describe, expect, it } from "vitest";
import { CachedTokenSource, renewMargin, type AccessToken } from "../../../src/mailauth/access-token.js";
import { credentialExpiry, expiryWarning } from "../../../src/mailauth/create-token-source.js";

describe("token cache", () => {
  it("reuses a token until shortly before it expires, then fetches a new one", async () => {
    let now = 1_000_000;
    let n = 0;
    const src = new CachedTokenSource(
      "oauth2",
      async (): Promise<AccessToken> => ({ token: `t${++n}`, expiresAt: now + 3600_000, scopes: ["mail"] }),
      () => now,
    );
    expect((await src.get()).token).toBe("t1");
    now += 3600_000 - renewMargin(3600_000) - 1;
    expect((await src.get()).token).toBe("t1");
    now += 2;
    expect((await src.get()).token).toBe("t2");
    expect((await src.get({ renew: true })).token).toBe("t3");
  });

  it("asks the provider once however many connections want a token at the same time", async () => {
    let n = 0;
    const src = new CachedTokenSource("oauth2", async () => {
      n++;
      await new Promise((r) => setTimeout(r, 20));
      return { token: "t", expiresAt: Date.now() + 60_000, scopes: [] };
    });
    await Promise.all(Array.from({ length: 10 }, () => src.get()));
    expect(n).toBe(1);
  });

  it("does not keep a failure: the next call asks again", async () => {
    let fail = true;
    const src = new CachedTokenSource("oauth2", async () => {
      if (fail) throw new Error("down");
      return { token: "ok", expiresAt: Date.now() + 60_000, scopes: [] };
    });
    await expect(src.get()).rejects.toThrow("down");
    fail = false;
    expect((await src.get()).token).toBe("ok");
  });

  it("renews few-second tokens a second early and hour tokens six minutes early at most five", () => {
    expect(renewMargin(4000)).toBe(1000);
    expect(renewMargin(3600_000)).toBe(300_000);
  });
});

describe("credential expiry warning", () => {
  const settings = { MAIL_AUTH: "microsoft" as const, IMAP_USER: "x", OAUTH_AUTHORITY_URL: "https://login.microsoftonline.com" };
  it("warns from 30 days before, and after", () => {
    const e = credentialExpiry({ ...settings, OAUTH_CLIENT_SECRET_EXPIRES_AT: new Date("2027-01-31T00:00:00Z") });
    expect(expiryWarning(e, new Date("2026-12-31T00:00:00Z"))).toBeNull();
    expect(expiryWarning(e, new Date("2027-01-02T00:00:00Z"))).toBe(
      "The mailbox's client secret expires on 2027-01-31 00:00 UTC (in 29 days): create a new one in the app registration before then",
    );
    expect(expiryWarning(e, new Date("2027-02-01T00:00:00Z"))).toMatch(/^The mailbox's client secret expired on 2027-01-31 00:00 UTC/);
  });
  it("none for passwords or without a date", () => {
    expect(credentialExpiry({ ...settings, MAIL_AUTH: "password", OAUTH_CLIENT_SECRET_EXPIRES_AT: new Date() })).toBeNull();
    expect(credentialExpiry({ ...settings, OAUTH_CLIENT_SECRET_EXPIRES_AT: null })).toBeNull();
  });
});
