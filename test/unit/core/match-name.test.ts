import { describe, expect, it } from "vitest";
import { matchName, type ParsedName } from "../../../src/core/match-name.js";

const maria = { firstName: "Maria", lastName: "Santos" };
const anneMarie = { firstName: "Anne-Marie", lastName: "van der Berg" };
const sean = { firstName: "Seán", lastName: "O'Connor" };
const marieLuisa = { firstName: "Maria Luisa", lastName: "Santos" };
const robert = { firstName: "Robert", lastName: "Jones" };
const elodie = { firstName: "Élodie", lastName: "Dubois-Lévesque" };

type Row = [label: string, parsed: ParsedName, registered: { firstName: string; lastName: string }, expected: boolean];

const rows: Row[] = [
  ["per field exact", { firstName: "Maria", lastName: "Santos" }, maria, true],
  ["per field any case and spacing", { firstName: " MARIA ", lastName: "santos\u00a0" }, maria, true],
  ["per field swapped", { firstName: "Santos", lastName: "Maria" }, maria, false],
  ['full "First Last"', { fullName: "Maria Santos" }, maria, true],
  ['full "Last, First"', { fullName: "Santos, Maria" }, maria, true],
  ['full "Last,First" without space', { fullName: "Santos,Maria" }, maria, true],
  ['full "Last First" is not accepted', { fullName: "Santos Maria" }, maria, false],
  ["particles, record decides the split", { fullName: "Anne-Marie van der Berg" }, anneMarie, true],
  ["particles, wrong split per field", { firstName: "Anne-Marie van", lastName: "der Berg" }, anneMarie, false],
  ['particles "Last, First"', { fullName: "van der Berg, Anne-Marie" }, anneMarie, true],
  ["typographic apostrophe", { fullName: "Seán O\u2019Connor" }, sean, true],
  ["missing accent", { fullName: "Sean O'Connor" }, sean, false],
  ["missing apostrophe", { fullName: "Seán OConnor" }, sean, false],
  ["en dash for hyphen", { firstName: "Élodie", lastName: "Dubois\u2013Lévesque" }, elodie, true],
  ["hyphen replaced by space", { firstName: "Élodie", lastName: "Dubois Lévesque" }, elodie, false],
  ["decomposed accents", { fullName: "E\u0301lodie Dubois-Le\u0301vesque" }, elodie, true],
  ["zero-width space inside", { fullName: "Ma\u200Bria San\u200Ctos" }, maria, true],
  ["Cyrillic look-alike letter", { fullName: "M\u0430ria Santos" }, maria, false],
  ["nickname", { fullName: "Bob Jones" }, robert, false],
  ["missing middle name", { fullName: "Maria Santos" }, marieLuisa, false],
  ["missing middle name per field", { firstName: "Maria", lastName: "Santos" }, marieLuisa, false],
  ["middle name in first name", { firstName: "Maria Luisa", lastName: "Santos" }, marieLuisa, true],
  ["extra middle name", { fullName: "Maria Luisa Santos" }, maria, false],
  ["only first name", { fullName: "Maria" }, maria, false],
  ["empty parsed", { firstName: "", lastName: "" }, { firstName: "", lastName: "" }, false],
];

describe("matchName", () => {
  it.each(rows)("%s", (_label, parsed, registered, expected) => {
    expect(matchName(parsed, registered)).toBe(expected);
  });
});
