// What every token source hands out, and the cache in front of them: a token is fetched once and
// reused until shortly before it expires, one fetch at a time however many connections ask. The
// token itself is never logged or stored: only its expiry and scopes leave this module.
import type { MailAuthFailure } from "./explain-failure.js";

export type OAuthProvider = "microsoft" | "google" | "oauth2";

export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  scopes: string[];
}

export interface TokenSource {
  readonly provider: OAuthProvider;
  /** A current token; `renew` skips the cache (the server refused the cached one). */
  get(opts?: { renew?: boolean }): Promise<AccessToken>;
}

/** The token endpoint failed: what it answered, explained, without any secret. */
export class TokenError extends Error {
  override name = "TokenError";
  constructor(readonly failure: MailAuthFailure) {
    super(failure.message);
  }
}

/** SMTP sign-in with tokens (XOAUTH2) as `user`; defined here so outbox/ and mailauth/setup share it. */
export interface SmtpOAuth {
  user: string;
  tokens: TokenSource;
  onTokenError?: (err: TokenError) => void;
  onToken?: () => void;
}

/** Renew this long before expiry: a tenth of the lifetime, between 1 s and 5 minutes. */
export function renewMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, Math.max(1000, Math.floor(lifetimeMs / 10)));
}

export class CachedTokenSource implements TokenSource {
  private current: { token: AccessToken; renewAt: number } | null = null;
  private inflight: Promise<AccessToken> | null = null;

  constructor(
    readonly provider: OAuthProvider,
    private readonly fetchToken: (renew: boolean) => Promise<AccessToken>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(opts: { renew?: boolean } = {}): Promise<AccessToken> {
    if (!opts.renew && this.current && this.now() < this.current.renewAt) return this.current.token;
    if (opts.renew) this.current = null;
    this.inflight ??= (async () => {
      try {
        const fetchedAt = this.now();
        const token = await this.fetchToken(!!opts.renew);
        this.current = { token, renewAt: token.expiresAt - renewMargin(token.expiresAt - fetchedAt) };
        return token;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
