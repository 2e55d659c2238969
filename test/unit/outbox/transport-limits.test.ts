// Provider sending limits (issue 16): the pool size reaches nodemailer's pool, the per-minute rate
// is the shared SendRate every sendMail asks first (issue 17), and with tokens every connection
// asks the token source (renew after a refusal).
import { describe, expect, it } from "vitest";
import { CachedTokenSource } from "../../../src/mailauth/access-token.js";
import { createTransport } from "../../../src/outbox/transport.js";
import { SendRateWaitError, type SendRate } from "../../../src/outbox/send-rate.js";

type PoolOptions = { maxConnections: number; rateLimit?: number; rateDelta?: number; auth?: { type?: string; user?: string; pass?: string } };
const optionsOf = (t: ReturnType<typeof createTransport>) => (t.transporter as unknown as { options: PoolOptions }).options;

describe("SMTP transport settings", () => {
  it("the rate is not nodemailer's (per process, fixed windows): every sendMail takes a shared slot first", async () => {
    const asked: string[] = [];
    const refusing: SendRate = {
      acquire: async () => {
        asked.push("slot");
        throw new SendRateWaitError("no sending slot", 60_000);
      },
    };
    const limited = createTransport({ smtpUrl: "smtp://127.0.0.1:1", poolSize: 3, dkim: null }, refusing);
    expect(optionsOf(limited)).toMatchObject({ maxConnections: 3 });
    expect(optionsOf(limited).rateLimit).toBeUndefined();
    // Refused before any connection is tried (port 1 would fail with ECONNREFUSED instead).
    await expect(limited.sendMail({ from: "a@example.org", to: "b@example.org", text: "x" })).rejects.toBeInstanceOf(SendRateWaitError);
    const viaCallback = await new Promise<Error | null>((res) =>
      limited.sendMail({ from: "a@example.org", to: "b@example.org", text: "x" }, (err) => res(err)),
    );
    expect(viaCallback).toBeInstanceOf(SendRateWaitError);
    expect(asked).toEqual(["slot", "slot"]);
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
