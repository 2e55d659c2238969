import { describe, expect, it } from "vitest";
import { normaliseName } from "../../../src/core/normalise-name.js";

describe("normaliseName", () => {
  it.each([
    ["Maria Santos", "maria santos"],
    ["  MARIA   SANTOS  ", "maria santos"],
    ["Maria\u00a0Santos", "maria santos"],
    ["Maria\u2003\u202fSantos", "maria santos"],
    ["Maria\tSantos\n", "maria santos"],
    ["Ma\u200Bria Santos", "maria santos"],
    ["\uFEFFMaria Santos\u200E", "maria santos"],
    ["\u202BMaria\u202C Santos\u2066\u2069", "maria santos"],
    ["Ma\u00ADria Santos\u2060", "maria santos"],
    ["O\u2019Connor", "o'connor"],
    ["O\u02BCConnor", "o'connor"],
    ["O\u2018Connor", "o'connor"],
    ["O\u2032Connor", "o'connor"],
    ["Dubois\u2013Lévesque", "dubois-lévesque"],
    ["Dubois\u2014Lévesque", "dubois-lévesque"],
    ["Dubois\u2010Lévesque", "dubois-lévesque"],
    ["Dubois\u2011Lévesque", "dubois-lévesque"],
    ["Dubois\u2212Lévesque", "dubois-lévesque"],
    ["Le\u0301vesque", "lévesque"],
    ["Le\u200B\u0301vesque", "lévesque"],
    ["ÉLODIE", "élodie"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it.each([
    ["Lévesque", "Levesque"],
    ["Dubois-Lévesque", "Dubois Lévesque"],
    ["O'Connor", "OConnor"],
    ["Maria", "M\u0430ria"], // Cyrillic а
    ["Bob", "Robert"],
    ["Anne-Marie", "Anne Marie"],
  ])("keeps %j and %j apart", (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });
});
