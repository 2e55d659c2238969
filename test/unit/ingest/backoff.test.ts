import { describe, expect, it } from "vitest";
import { Backoff } from "../../../src/ingest/backoff.js";

describe("reconnect backoff", () => {
  it("grows exponentially up to the cap, with jitter between half and all of it", () => {
    const lo = new Backoff({ minMs: 100, maxMs: 1000, stableMs: 60_000 }, () => 0);
    expect([lo.next(), lo.next(), lo.next(), lo.next(), lo.next(), lo.next()]).toEqual([50, 100, 200, 400, 500, 500]);
    const hi = new Backoff({ minMs: 100, maxMs: 1000, stableMs: 60_000 }, () => 1);
    expect([hi.next(), hi.next(), hi.next()]).toEqual([100, 200, 400]);
  });

  it("resets only after the connection stayed up for stableMs", () => {
    let t = 0;
    const b = new Backoff(
      { minMs: 100, maxMs: 10_000, stableMs: 1000 },
      () => 1,
      () => t,
    );
    b.next();
    b.next();
    b.connected();
    t += 500; // dropped quickly: keeps growing
    expect(b.next()).toBe(400);
    b.connected();
    t += 1000; // stayed up: starts over
    expect(b.next()).toBe(100);
  });
});
