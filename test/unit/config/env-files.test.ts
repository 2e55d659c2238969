// The env files pinmail reads: .env and .services/env (issue 12: the CLI finds the local services
// by itself; precedence: process environment, then .env, then .services/env).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "../../../src/config.js";
import { layeredEnv, parseEnvFile, unquoteEnvValue } from "../../../src/env-files.js";

describe("unquoteEnvValue", () => {
  it("reads shell single quotes, including services.sh's '\\'' for a quote", () => {
    expect(unquoteEnvValue("'postgresql://postgres@127.0.0.1:5432/pinmail'")).toBe("postgresql://postgres@127.0.0.1:5432/pinmail");
    expect(unquoteEnvValue("'it'\\''s'")).toBe("it's");
    expect(unquoteEnvValue("''")).toBe("");
  });

  it("keeps the .env forms it read before: double quotes stripped, bare values kept with inner spaces", () => {
    expect(unquoteEnvValue('"PIN Reset <a@b.example>"')).toBe("PIN Reset <a@b.example>");
    expect(unquoteEnvValue("  PIN Reset <a@b.example>  ")).toBe("PIN Reset <a@b.example>");
    expect(unquoteEnvValue("'unterminated")).toBe("'unterminated");
    expect(unquoteEnvValue("a'b")).toBe("a'b");
  });
});

describe("parseEnvFile", () => {
  it("reads export lines and plain lines, skips comments and junk, last one wins", () => {
    const text = [
      "# Written by scripts/services.sh up; source it: . .services/env",
      "export IMAP_PORT='21343'",
      "SMTP_URL = smtp://127.0.0.1:21325",
      "#IMAP_USER=commented",
      "not a setting",
      "IMAP_PORT='21443'\r",
    ].join("\n");
    expect(parseEnvFile(text)).toEqual({ IMAP_PORT: "21443", SMTP_URL: "smtp://127.0.0.1:21325" });
  });
});

describe("layeredEnv / readEnv: environment, then .env, then .services/env", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  function checkout(files: { dotenv?: string; services?: string }): string {
    dir = mkdtempSync(join(tmpdir(), "pinmail-envfiles-"));
    if (files.dotenv !== undefined) writeFileSync(join(dir, ".env"), files.dotenv);
    if (files.services !== undefined) {
      mkdirSync(join(dir, ".services"));
      writeFileSync(join(dir, ".services/env"), files.services);
    }
    return dir;
  }

  it("finds the local services' settings without anything sourced", () => {
    const cwd = checkout({ services: "export DATABASE_URL='postgresql://postgres@127.0.0.1:5432/pinmail'\nexport IMAP_PORT='21343'\n" });
    const env = readEnv(cwd, {});
    expect(env["DATABASE_URL"]).toBe("postgresql://postgres@127.0.0.1:5432/pinmail");
    expect(env["IMAP_PORT"]).toBe("21343");
  });

  it(".env wins over .services/env, the process environment over both", () => {
    const cwd = checkout({
      dotenv: "DATABASE_URL=postgresql://app@db.example/pinmail\nIMAP_HOST=imap.example.org\n",
      services: "export DATABASE_URL='postgresql://postgres@127.0.0.1:5432/pinmail'\nexport IMAP_HOST='127.0.0.1'\nexport REDIS_URL='redis://127.0.0.1:6379'\n",
    });
    const env = layeredEnv(cwd, { IMAP_HOST: "from-the-environment" });
    expect(env).toMatchObject({
      DATABASE_URL: "postgresql://app@db.example/pinmail",
      IMAP_HOST: "from-the-environment",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
  });

  it("with neither file there is only the environment", () => {
    const cwd = checkout({});
    expect(readEnv(cwd, { A: "1" })).toEqual({ A: "1" });
  });
});
