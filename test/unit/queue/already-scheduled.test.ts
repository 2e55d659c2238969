import { describe, expect, it } from "vitest";
import { alreadyScheduled } from "../../../src/queue/already-scheduled.js";

describe("alreadyScheduled", () => {
  it("recognises BullMQ's refusals to create a period's job twice", () => {
    expect(alreadyScheduled(new Error("The job ID already exists"))).toBe(true);
    expect(alreadyScheduled(new Error("Both time slots already have jobs"))).toBe(true);
  });
  it("leaves every other error a fault", () => {
    expect(alreadyScheduled(new Error("Invalid cron pattern"))).toBe(false);
    expect(alreadyScheduled("job ID already exists")).toBe(false);
  });
});
