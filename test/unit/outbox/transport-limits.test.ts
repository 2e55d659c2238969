// Provider sending limits (issue 16): the pool size and per-minute rate reach nodemailer's pool,
// and with tokens every connection asks the token source (renew after a refusal).
import { describe, expect, it } from "vitest";
import { CachedTokenSource } from "../../../src/mailauth/access-token.js";
import { createTransport } from "../../../src/outbox/transport.js";

type PoolOptions = { maxConnections: number; rateLimit?: number; rateDelta?: number; auth?: { type?: string; user?: string; pass?: string } };
const optionsOf = (t: ReturnType<typeof createTransport>) => (t.transporter as unknown as { options: PoolOptions }).options;

describe("SMTP transport settings", () => {
  it("a rate per minute becomes nodemailer's rateLimit per 60 s; none by default", () => {
    const limited = createTransport({ smtpUrl: "smtp://127.0.0.1:2525", poolSize: 3, dkim: null, ratePerMinute: 30 });
    expect(optionsOf(limited)).toMatchObject({ maxConnections: 3, rateLimit: 30, rateDelta: 60_000 });
    limited.close();
    const free = createTransport({ smtpUrl: "smtp://u:p@127.0.0.1:2525", poolSize: 10, dkim: null });
    expect(optionsOf(free).rateLimit).toBeUndefined();
    expect(optionsOf(free).auth).toEqual({ user: "u", pass: "p" });
    free.close();
  });

  it("with tokens signs in as the given user through the provision callback", async () => {
    const asked: boolean[] = [];
    const tokens = new CachedTokenSource("oauth2", async (renew) => {
      asked.push(renew);
      return { token: `t${asked.length}`, expiresAt: Date.now() + 60_000, scopes: [] };
    });
    const t = createTransport({ smtpUrl: "smtp://127.0.0.1:2525", poolSize: 1, dkim: null, oauth: { user: "box@example.org", tokens } });
    expect(optionsOf(t).auth).toEqual({ type: "OAuth2", user: "box@example.org" });
    const cb = t.get("oauth2_provision_cb") as (user: string, renew: boolean, cb: (err: Error | null, token?: string, expires?: number) => void) => void;
    const get = (renew: boolean) => new Promise<string>((res, rej) => cb("box@example.org", renew, (err, token) => (err ? rej(err) : res(token!))));
    expect(await get(false)).toBe("t1");
    expect(await get(false)).toBe("t1");
    expect(await get(true)).toBe("t2");
    expect(asked).toEqual([false, true]);
    t.close();
  });
});
