// Usage errors of `pinmail hold|unhold|retention` are found before anything connects (exit 2).
import { describe, expect, it } from "vitest";
import { runHold } from "../../../src/cli/commands/hold.js";
import { parseRetentionDate, runRetentionCommand } from "../../../src/cli/commands/retention.js";
import { UsageError } from "../../../src/cli/usage-error.js";

const env = {};

describe("retention command lines", () => {
  it("hold/unhold: an address or --request, not both; a reason to hold, none to lift", async () => {
    await expect(runHold("hold", ["--reason", "x"], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runHold("hold", ["a@example.test"], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runHold("hold", ["a@example.test", "--reason", "   "], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runHold("hold", ["a@example.test", "--request", "RQ-1", "--reason", "x"], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runHold("unhold", ["a@example.test", "--reason", "x"], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runHold("unhold", ["a@example.test", "b@example.test"], { env })).rejects.toBeInstanceOf(UsageError);
  });

  it("retention: one of --dry-run/--run; --at is a real YYYY-MM-DD, at 02:30 Toronto", async () => {
    await expect(runRetentionCommand([], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runRetentionCommand(["--dry-run", "--run"], { env })).rejects.toBeInstanceOf(UsageError);
    await expect(runRetentionCommand(["--dry-run", "--at", "2027-02-30"], { env })).rejects.toBeInstanceOf(UsageError);
    expect(() => parseRetentionDate("15/06/2027")).toThrow(UsageError);
    expect(parseRetentionDate("2027-06-15").toISOString()).toBe("2027-06-15T06:30:00.000Z");
    expect(parseRetentionDate("2027-01-15").toISOString()).toBe("2027-01-15T07:30:00.000Z");
  });
});
