import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";

const base = { DATABASE_URL: "postgresql://u@127.0.0.1:5432/pinmail" };
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(["database", "retention"], { ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("retention settings", () => {
  it("defaults: two years for everything; the mailbox follows raw mail", () => {
    expect(loadConfig(["retention"], {})).toMatchObject({
      RAW_MAIL_RETENTION_DAYS: 730,
      RECORD_RETENTION_DAYS: 730,
      RECORD_RETENTION_BELOW_TWO_YEARS: false,
      IMAP_PROCESSED_RETENTION_DAYS: 730,
    });
    expect(loadConfig(["retention"], { RAW_MAIL_RETENTION_DAYS: "90" })).toMatchObject({ RAW_MAIL_RETENTION_DAYS: 90, IMAP_PROCESSED_RETENTION_DAYS: 90 });
    expect(loadConfig(["retention"], { RAW_MAIL_RETENTION_DAYS: "90", IMAP_PROCESSED_RETENTION_DAYS: "30" })).toMatchObject({
      IMAP_PROCESSED_RETENTION_DAYS: 30,
    });
  });

  it("refuses records kept under two years unless RECORD_RETENTION_BELOW_TWO_YEARS=true", () => {
    const p = problems({ RECORD_RETENTION_DAYS: "729" });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^RECORD_RETENTION_DAYS: 729 is under two years .*RECORD_RETENTION_BELOW_TWO_YEARS=true/);
    expect(problems({ RECORD_RETENTION_DAYS: "729", RECORD_RETENTION_BELOW_TWO_YEARS: "true" })).toEqual([]);
    expect(problems({ RECORD_RETENTION_DAYS: "730" })).toEqual([]);
  });

  it("reports every bad value at once", () => {
    const p = problems({ RAW_MAIL_RETENTION_DAYS: "0", IMAP_PROCESSED_RETENTION_DAYS: "ninety", RECORD_RETENTION_BELOW_TWO_YEARS: "maybe" });
    expect(p.map((x) => x.split(":")[0]).sort()).toEqual(["IMAP_PROCESSED_RETENTION_DAYS", "RAW_MAIL_RETENTION_DAYS", "RECORD_RETENTION_BELOW_TWO_YEARS"]);
  });
});
