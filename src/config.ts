// The one place that reads process.env. Each command asks for the sections it uses, so
// `pinmail migrate` needs only DATABASE_URL while `pinmail start` needs everything; every problem
// in the requested sections is reported at once, with the variable's name and what is expected.
import type { z } from "zod";
import { layeredEnv } from "./env-files.js";
import { mailSections } from "./config/mail-sections.js";
import { policySections } from "./config/policy-sections.js";
import { serviceSections } from "./config/service-sections.js";

export { parseMailbox } from "./config/fields.js";

/** Every section by name; the groups live in config/ (fields.ts: how one variable is read). */
const sections = { ...serviceSections, ...mailSections, ...policySections };

export type Section = keyof typeof sections;
type Sections = typeof sections;
export type SectionConfig<S extends Section> = z.output<Sections[S]>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type ConfigOf<S extends Section> = UnionToIntersection<SectionConfig<S>> & SectionConfig<"log">;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSet these in the environment or in .env (see .env.example).`);
    this.name = "ConfigError";
  }
}

/**
 * The settings: the real environment, then `.env` in the working directory, then `.services/env`
 * there (the local services of a development checkout; see src/env-files.ts).
 */
export function readEnv(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return layeredEnv(cwd, env);
}

export function loadConfig<S extends Section>(wanted: readonly S[], env: Record<string, string | undefined> = readEnv()): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of new Set<Section>([...wanted, "log"])) {
    const r = sections[name].safeParse(env);
    if (r.success) Object.assign(out, r.data);
    else for (const issue of r.error.issues) problems.push(`${String(issue.path[0] ?? name)}: ${issue.message}`);
  }
  if ((wanted as readonly Section[]).includes("senderAuth") && out["REQUIRE_SENDER_AUTH"] === true && !out["MAIL_AUTHSERV_ID"]) {
    problems.push("REQUIRE_SENDER_AUTH: true needs MAIL_AUTHSERV_ID (the authserv-id your receiving server writes in Authentication-Results)");
  }
  if ((wanted as readonly Section[]).includes("mail")) {
    const dkim = [out["DKIM_DOMAIN"], out["DKIM_SELECTOR"], out["DKIM_PRIVATE_KEY_FILE"]].filter(Boolean).length;
    if (dkim !== 0 && dkim !== 3) problems.push("DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE: set all three to sign replies, or none");
  }
  problems.push(...mailAuthProblems(wanted as readonly Section[], out, env));
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/**
 * MAIL_AUTH decides which other settings are needed (issue 16), and some defaults: the password
 * only with `password`; with `microsoft` an SMTP pool of 3 and 30 messages a minute (Exchange
 * Online's limits per mailbox). Fills those defaults into `out`; returns the problems.
 */
function mailAuthProblems(wanted: readonly Section[], out: Record<string, unknown>, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const mode = (out["MAIL_AUTH"] as string | undefined) ?? (env["MAIL_AUTH"]?.trim() || "password");
  const blank = (name: string) => !env[name]?.trim();
  if (wanted.includes("imap") && mode === "password" && !out["IMAP_PASSWORD"]) {
    problems.push("IMAP_PASSWORD: missing; expected the mailbox account's password (or set MAIL_AUTH to microsoft, google or oauth2)");
  }
  if (wanted.includes("mail")) {
    if (mode === "microsoft" && blank("SMTP_POOL_SIZE")) out["SMTP_POOL_SIZE"] = 3;
    // Unset stays undefined (no limit) except for microsoft.
    if (out["SMTP_RATE_PER_MINUTE"] === undefined && mode === "microsoft") out["SMTP_RATE_PER_MINUTE"] = 30;
  }
  if (!wanted.includes("mailAuth") || mode === "password") return problems;
  const need = (name: string, what: string) => {
    if (blank(name)) problems.push(`${name}: missing; MAIL_AUTH=${mode} needs ${what}`);
  };
  if (!wanted.includes("imap") && blank("IMAP_USER") && blank("SMTP_USER")) need("IMAP_USER", "the mailbox's address (SMTP signs in as it; or set SMTP_USER)");
  if (mode === "microsoft") {
    need("OAUTH_TENANT_ID", "the directory (tenant) ID of the app registration");
    need("OAUTH_CLIENT_ID", "the application (client) ID of the app registration");
    const cert = !blank("OAUTH_CLIENT_CERTIFICATE_FILE") || !blank("OAUTH_CLIENT_CERTIFICATE_KEY_FILE");
    if (cert) {
      need("OAUTH_CLIENT_CERTIFICATE_FILE", "the certificate (PEM) uploaded to the app registration, with OAUTH_CLIENT_CERTIFICATE_KEY_FILE");
      need("OAUTH_CLIENT_CERTIFICATE_KEY_FILE", "the certificate's private key (PEM), with OAUTH_CLIENT_CERTIFICATE_FILE");
      if (!blank("OAUTH_CLIENT_SECRET")) problems.push("OAUTH_CLIENT_SECRET: set either a client secret or a certificate, not both");
    } else if (blank("OAUTH_CLIENT_SECRET")) {
      problems.push(
        "OAUTH_CLIENT_SECRET: missing; MAIL_AUTH=microsoft needs a client secret, or OAUTH_CLIENT_CERTIFICATE_FILE and OAUTH_CLIENT_CERTIFICATE_KEY_FILE",
      );
    }
  } else if (mode === "google") {
    need("OAUTH_SERVICE_ACCOUNT_FILE", "the service account's JSON key file");
  } else if (mode === "oauth2") {
    need("OAUTH_TOKEN_URL", "the provider's token endpoint (client-credentials grant)");
    need("OAUTH_CLIENT_ID", "the client ID");
    need("OAUTH_CLIENT_SECRET", "the client secret");
    need("OAUTH_SCOPE", "the scope that grants IMAP and SMTP access");
  }
  if (wanted.includes("mail") && mode !== "password" && !blank("SMTP_URL")) {
    try {
      if (new URL(env["SMTP_URL"]!.trim()).username)
        problems.push(`SMTP_URL: carries a user name or password; with MAIL_AUTH=${mode} SMTP signs in with a token as IMAP_USER (or SMTP_USER)`);
    } catch {
      // An invalid URL is already reported by the mail section.
    }
  }
  return problems;
}
