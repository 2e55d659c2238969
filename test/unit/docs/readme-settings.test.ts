// Issue 14: the README's settings are the loader's. Every variable src/config reads has a row in
// the README's settings table (and a line in .env.example, which "lists them all"), every row and
// every setting the README names is one the loader reads, and the defaults the README writes as a
// plain value are the loader's. The last block runs the same check on broken copies of the README.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { envExampleNames, type Field, loaderSettings, NOT_LOADER_SETTINGS, settingsProblems, settingsRows } from "./settings.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const README = readFileSync(resolve(ROOT, "README.md"), "utf8");
let loader: Map<string, Field[]>;
beforeAll(async () => {
  loader = await loaderSettings(ROOT);
});

describe("the README's settings against the loader", () => {
  it("reads the real loader and tables (the check is not vacuous)", () => {
    expect(loader.size).toBeGreaterThan(80);
    expect(loader.has("PIN_SECRET")).toBe(true);
    expect(settingsRows(README).length).toBeGreaterThan(60);
  });

  it("documents every setting the loader reads, reads every one it documents, with the same defaults", () => {
    expect(settingsProblems(README, loader)).toEqual([]);
  });

  it("lists every setting in .env.example", () => {
    const example = envExampleNames(readFileSync(resolve(ROOT, ".env.example"), "utf8"));
    expect([...loader.keys()].filter((n) => !example.has(n) && !NOT_LOADER_SETTINGS[n])).toEqual([]);
  });
});

describe("the settings check on a broken README", () => {
  const row = (name: string) => README.split("\n").find((l) => l.startsWith(`| \`${name}\``))!;

  it("finds a setting without its row", () => {
    expect(settingsProblems(README.replace(`${row("PIN_TTL_DAYS")}\n`, ""), loader)).toEqual([
      "PIN_TTL_DAYS: read by the loader, but no row in the README's settings table",
    ]);
  });
  it("finds a row (and a mention) of a setting the loader does not read", () => {
    expect(settingsProblems(README.replaceAll("PIN_TTL_DAYS", "PIN_LIFETIME_DAYS"), loader)).toEqual([
      "PIN_TTL_DAYS: read by the loader, but no row in the README's settings table",
      "PIN_LIFETIME_DAYS: a row in the README's settings table, but the loader does not read it",
      "PIN_LIFETIME_DAYS: named in the README, but the loader does not read it",
    ]);
  });
  it("finds a default that differs, in the settings table and in the other tables", () => {
    const broken = README.replace(row("PIN_TTL_DAYS"), row("PIN_TTL_DAYS").replace("`14`", "`30`"))
      .replace(row("IMAP_HOST"), row("IMAP_HOST").replace("`993`", "`143`"))
      .replace("`ALERT_SYNC_STALE_AFTER` (`10m`)", "`ALERT_SYNC_STALE_AFTER` (`15m`)")
      .replace("`RAW_MAIL_RETENTION_DAYS=730` after", "`RAW_MAIL_RETENTION_DAYS=365` after");
    expect(settingsProblems(broken, loader)).toEqual([
      "IMAP_PORT: the README's default `143` is not the loader's (993)",
      "PIN_TTL_DAYS: the README's default `30` is not the loader's (14)",
      "RAW_MAIL_RETENTION_DAYS: the README's default `365` is not the loader's (730)",
      "ALERT_SYNC_STALE_AFTER: the README's default `15m` is not the loader's (600000)",
    ]);
  });
  it("finds a default written for a setting that has none, and a duration written another way", () => {
    const broken = README.replace(row("WEB_PUBLIC_URL"), row("WEB_PUBLIC_URL").replace("| — |", "| `http://127.0.0.1:3000` |")).replace(
      row("ALERT_CHECK_INTERVAL"),
      row("ALERT_CHECK_INTERVAL").replace("`30s`", "`1m`"),
    );
    expect(settingsProblems(broken, loader)).toEqual([
      "WEB_PUBLIC_URL: the README's default `http://127.0.0.1:3000` is not the loader's (undefined)",
      "ALERT_CHECK_INTERVAL: the README's default `1m` is not the loader's (30000)",
    ]);
  });
});
