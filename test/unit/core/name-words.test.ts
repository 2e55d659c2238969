import { describe, expect, it } from "vitest";
import { isCapitalised, isNameWord, isNameWords } from "../../../src/core/name-words.js";

describe("name words", () => {
  it.each([
    ["O'Connor", true],
    ["O\u2019Connor", true],
    ["Dubois-Lévesque", true],
    ["J.", true],
    ["Nguyễn", true],
    ["M\u0430ria", true], // look-alikes are letters; matchName rejects them later
    ["Maria2", false],
    ["-Maria", false],
    ["Maria-", false],
    ["Santos.", false],
    ["@maria", false],
  ])("isNameWord(%j) → %s", (w, expected) => {
    expect(isNameWord(w)).toBe(expected);
  });

  it.each([
    ["Maria", true],
    ["d'Amours", true],
    ["al-Hassan", true],
    ["王", true],
    ["maria", false],
  ])("isCapitalised(%j) → %s", (w, expected) => {
    expect(isCapitalised(w)).toBe(expected);
  });

  const full = { minWords: 2, maxWords: 6, capitals: true };
  it.each<[string[], boolean]>([
    [["Anne-Marie", "van", "der", "Berg"], true],
    [["Maria", "de", "la", "Cruz"], true],
    [["Maria", "de"], false], // ends in a particle
    [["HR", "Department"], false],
    [["Thank", "You"], false],
    [["Will", "Smith"], true], // "will" is not a stop word: it is a name
    [["maria", "santos"], false],
    [["A", "B", "C", "D", "E", "F", "G"], false],
  ])("isNameWords(%j) → %s", (ws, expected) => {
    expect(isNameWords(ws, full)).toBe(expected);
  });
});
