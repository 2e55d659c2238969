import { describe, expect, it } from "vitest";
import { toSingleAddress } from "../../../src/core/mail-address.js";

describe("toSingleAddress: the one address shape pinmail sends to", () => {
  it.each([
    ["maria.santos@northwind.test", "maria.santos@northwind.test"],
    ["  Maria.Santos@NorthWind.Test ", "Maria.Santos@northwind.test"],
    ["o'brien+pin@mail.example.org", "o'brien+pin@mail.example.org"],
    ["a_b-c=d@x-y.example", "a_b-c=d@x-y.example"],
  ])("accepts %j as %j", (raw, want) => {
    expect(toSingleAddress(raw)).toBe(want);
  });

  it.each([
    ["several recipients with commas", "a@evil.example,postmaster,root"],
    ["a semicolon list", "a@evil.example;b@evil.example"],
    ["a % source route", "a%b@evil.example"],
    ["a ! bang path", "b!a@evil.example"],
    ["a quoted local part", '"a b"@evil.example'],
    ["angle brackets", "<a@evil.example>"],
    ["a space", "a b@evil.example"],
    ["a CR/LF", "a@evil.example\r\nRCPT TO:<x@y.example>"],
    ["a NUL", "a\u0000@evil.example"],
    ["a C1 control", "a\u0085@evil.example"],
    ["a backslash", "a\\b@evil.example"],
    ["parentheses (a comment)", "a(x)@evil.example"],
    ["a colon (a group or route)", "@relay.example:a@evil.example"],
    ["two @", "a@b@evil.example"],
    ["a bare local part", "postmaster"],
    ["a domain without a dot", "root@localhost"],
    ["an empty local part", "@evil.example"],
    ["a leading dot", ".a@evil.example"],
    ["a double dot", "a..b@evil.example"],
    ["a trailing dot in the local part", "a.@evil.example"],
    ["a domain literal", "a@[127.0.0.1]"],
    ["a label starting with a hyphen", "a@-evil.example"],
    ["an empty label", "a@evil..example"],
    ["a 65-character local part", `${"a".repeat(65)}@evil.example`],
    ["more than 254 characters", `a@${["b", "c", "d", "e", "f"].map((c) => c.repeat(60)).join(".")}.example`],
    ["an empty string", ""],
  ])("refuses %s", (_label, raw) => {
    expect(toSingleAddress(raw)).toBeNull();
  });

  it("refuses what is not a string", () => {
    expect(toSingleAddress(null)).toBeNull();
    expect(toSingleAddress(undefined)).toBeNull();
  });
});
