// Client addresses for the enrollment lockout (issue 13.4): what counts as an IP address in the
// portal's `clientIp`, and which key a lockout counts failures under. Pure, so both the API and
// config (TRUSTED_PROXIES) share one definition.
import { ipFamily } from "./ip-family.js";

/** An IPv4 or IPv6 address in text form, as the portal sends it (no port, no brackets, no zone). */
export function isIpAddress(value: string): boolean {
  // node accepts a zone id (`fe80::1%eth0`), which names an interface of the sender's machine.
  return !value.includes("%") && ipFamily(value) !== 0;
}

/** An address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`), as TRUSTED_PROXIES lists them. */
export function isAddressOrRange(value: string): boolean {
  const [address, prefix, extra] = value.split("/");
  if (extra !== undefined || !address) return false;
  const family = isIpAddress(address) ? ipFamily(address) : 0;
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The key failures are counted under. IPv4: the address. An IPv4-mapped IPv6 address counts as
 * its IPv4 address. Other IPv6: its /64, because one subscriber usually holds a whole /64 and could
 * otherwise take a fresh address for every guess.
 */
export function lockoutKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (ipFamily(a) !== 6) return a;
  return `${expandIpv6(a).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros (an embedded IPv4 tail converted). */
function expandIpv6(a: string): string[] {
  let text = a;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}
