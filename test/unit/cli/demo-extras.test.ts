// The demo's lines for people (issue 20) and its organization at risk.
import { describe, expect, it } from "vitest";
import { atRiskRecords, requestLine } from "../../../src/cli/demo/demo-extras.js";
import { validateRecords } from "../../../src/store/records-file.js";
import { textLine } from "../../../src/runtime/logger.js";
import { inactiveFrom } from "../../../src/core/dates.js";

const base = { reference: "PM-261206-A978", takenAt: new Date("2026-12-06T12:00:00Z"), answeredAt: null, reviewAcknowledged: true, ignoredReason: null };

describe("the demo's lines", () => {
  it("one line per request: reference, outcome, time to reply", () => {
    expect(requestLine({ ...base, state: "answered", outcome: "pin-issued", answeredAt: new Date("2026-12-06T12:00:01.400Z") })).toBe(
      "PM-261206-A978  PIN issued, replied in 1.4 s",
    );
    expect(requestLine({ ...base, state: "review", outcome: "needs-review", reviewAcknowledged: false })).toBe(
      "PM-261206-A978  waiting for a person (Review page): an old request",
    );
    expect(
      requestLine({ ...base, state: "failed", outcome: null, ignoredReason: "message of 332315 bytes is over IMAP_MAX_MESSAGE_BYTES (262144); headers kept" }),
    ).toBe("PM-261206-A978  could not be processed (Failures page): the message (332315 bytes) is larger than the 262144-byte limit; headers kept");
  });

  it("LOG_FORMAT=text turns a JSON entry into one line", () => {
    expect(
      textLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 6, 3, 4, 5), service: "pinmail", pid: 1, hostname: "h", msg: "mailbox down", attempt: 2 })),
    ).toBe("03:04:05 warn: mailbox down  (attempt=2)");
  });

  it("adds valid records whose organization goes dormant in about 45 days", () => {
    const now = new Date("2026-12-06T15:00:00Z");
    const r = atRiskRecords(now);
    expect(validateRecords(r).ok).toBe(true);
    const primary = r.organizations[0]!.users.find((u) => u.role === "primary")!;
    const days = (Date.parse(`${inactiveFrom(new Date(primary.lastSignInAt))}T12:00:00Z`) - now.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(40);
    expect(days).toBeLessThan(50);
  });
});
