// core/ip-family.ts replaces node:net's isIP in core/ (which must not import network modules):
// it must agree with node on every string, valid or not.
import { isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { ipFamily } from "../../../src/core/ip-family.js";

const known = [
  "1.2.3.4",
  "255.255.255.255",
  "256.1.1.1",
  "01.2.3.4",
  "1.2.3",
  "1.2.3.4.5",
  " 1.2.3.4",
  "",
  "::",
  "::1",
  "1::",
  "2001:db8::1",
  "2001:0db8:0000:0000:0000:ff00:0042:8329",
  "fe80::1%eth0",
  "::ffff:192.0.2.1",
  "::ffff:192.0.2.256",
  "1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9",
  "1::2::3",
  "2001:db8::/32",
  "[::1]",
  "gggg::1",
  "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4",
  ":1",
  "1:",
];

// Strings built from the characters addresses are made of, so near-misses are frequent.
function randomCandidates(n: number): string[] {
  let seed = 14;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = ["0", "1", "9", "25", "255", "256", "a", "f", "ffff", "g", ":", "::", ".", "%", "e"];
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(rnd() * 14) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(""));
}

describe("ipFamily", () => {
  it("agrees with node:net's isIP on known cases", () => {
    for (const s of known) expect(ipFamily(s), s).toBe(isIP(s));
  });
  it("agrees with node:net's isIP on generated near-misses", () => {
    const candidates = randomCandidates(20_000);
    const valid = candidates.filter((s) => isIP(s) !== 0).length;
    expect(valid).toBeGreaterThan(100); // the generator does produce addresses
    for (const s of candidates) expect(ipFamily(s), s).toBe(isIP(s));
  });
});
