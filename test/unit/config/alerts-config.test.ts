// The alert settings: defaults from the issue, durations written 30s/5m/2h/30d (0 turns one
// off), every problem reported at once with the variable's name.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { strongSecret } from "../../harness/secrets.js";

describe("alerts settings", () => {
  it("defaults", () => {
    const c = loadConfig(["alerts"], {});
    expect(c).toMatchObject({
      ALERTS_ENABLED: true,
      ALERT_CHECK_INTERVAL: 30_000,
      ALERT_EMAIL_TO: [],
      ALERT_MAILBOX_DOWN_AFTER: 300_000,
      ALERT_SYNC_STALE_AFTER: 600_000,
      ALERT_UNANSWERED_AFTER: 900_000,
      ALERT_DELIVERY_FAILED_COUNT: 1,
      ALERT_CREDENTIAL_EXPIRING_WITHIN: 30 * 86_400_000,
      ALERT_SILENCE_WINDOW: 7_200_000,
      ALERT_SILENCE_MIN_EXPECTED: 3,
      DIGEST_EMAIL_TO: [],
      DIGEST_ENABLED: true,
      STAFF_LOCALE: "en",
    });
    expect(c.ALERT_WEBHOOK_URL).toBeUndefined();
  });

  it("reads durations, 0 and address lists", () => {
    const c = loadConfig(["alerts"], {
      ALERT_MAILBOX_DOWN_AFTER: "2m",
      ALERT_SYNC_STALE_AFTER: "0",
      ALERT_EMAIL_TO: "a@example.org, b@example.org",
      STAFF_LOCALE: "fr",
      ALERT_WEBHOOK_SECRET: strongSecret(),
    });
    expect([c.ALERT_MAILBOX_DOWN_AFTER, c.ALERT_SYNC_STALE_AFTER, c.ALERT_EMAIL_TO, c.STAFF_LOCALE]).toEqual([
      120_000,
      0,
      ["a@example.org", "b@example.org"],
      "fr",
    ]);
  });

  it("reports every bad value at once, by name", () => {
    let err: ConfigError | null = null;
    try {
      loadConfig(["alerts"], {
        ALERT_CHECK_INTERVAL: "0",
        ALERT_UNANSWERED_AFTER: "15",
        ALERT_SILENCE_WINDOW: "1h30m",
        ALERT_EMAIL_TO: "support, ops@example.org",
        ALERT_WEBHOOK_URL: "ftp://x",
        ALERT_WEBHOOK_SECRET: "changeme",
        STAFF_LOCALE: "de",
      });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const names = err!.problems.map((p) => p.split(":")[0]);
    expect(names.sort()).toEqual([
      "ALERT_CHECK_INTERVAL",
      "ALERT_EMAIL_TO",
      "ALERT_SILENCE_WINDOW",
      "ALERT_UNANSWERED_AFTER",
      "ALERT_WEBHOOK_SECRET",
      "ALERT_WEBHOOK_URL",
      "STAFF_LOCALE",
    ]);
    expect(err!.problems.find((p) => p.startsWith("ALERT_UNANSWERED_AFTER"))).toContain(
      'expected a duration such as 30s, 5m, 2h or 30d (0 turns it off), got "15"',
    );
    expect(err!.problems.find((p) => p.startsWith("ALERT_EMAIL_TO"))).toContain("not an address: support");
  });
});
