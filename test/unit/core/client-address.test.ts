import { describe, expect, it } from "vitest";
import { isAddressOrRange, isIpAddress, lockoutKey } from "../../../src/core/client-address.js";

describe("client addresses (issue 13.4)", () => {
  it.each(["203.0.113.7", "2001:db8::1", "::1", "::ffff:192.0.2.1"])("%s is an address", (a) => expect(isIpAddress(a)).toBe(true));
  it.each(["", "localhost", "203.0.113.7:443", "[2001:db8::1]", "203.0.113.256", "1.2.3", "10.0.0.0/8", " 203.0.113.7", "fe80::1%eth0"])(
    "%j is not an address",
    (a) => expect(isIpAddress(a)).toBe(false),
  );
  it("accepts addresses and CIDR ranges for TRUSTED_PROXIES", () => {
    for (const ok of ["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "::1/128"]) expect(isAddressOrRange(ok), ok).toBe(true);
    for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/8/1", "proxy.local", "10.0.0.0/x"])
      expect(isAddressOrRange(bad), bad).toBe(false);
  });
  it("counts an IPv6 client by its /64 and a mapped IPv4 by its IPv4 address", () => {
    expect(lockoutKey("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(lockoutKey("2001:DB8:AA:BB::9")).toBe("2001:db8:aa:bb::/64");
    expect(lockoutKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(lockoutKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(lockoutKey("192.0.2.1")).toBe("192.0.2.1");
    expect(lockoutKey("::1")).toBe("0:0:0:0::/64");
  });
});
