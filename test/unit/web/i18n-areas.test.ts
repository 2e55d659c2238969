// The catalogue's words, one file per page area under src/web/i18n/words/ (issue 14): each area
// has the same keys in French as in English, no key lives in two areas (the assembled catalogue
// would silently keep the later one), and every area is part of the catalogue.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en, fr } from "../../../src/web/i18n/catalog.js";

const WORDS = join(dirname(fileURLToPath(import.meta.url)), "../../../src/web/i18n/words");

/** The area files: those that export both languages (french.ts, numbers.ts, labels-fr.ts and the template problems' table do not). */
async function areas(): Promise<{ file: string; en: Record<string, unknown>; fr: Record<string, unknown> }[]> {
  const out = [];
  for (const file of readdirSync(WORDS).sort()) {
    const m = (await import(join(WORDS, file))) as { en?: Record<string, unknown>; fr?: Record<string, unknown> };
    if (m.en && m.fr) out.push({ file, en: m.en, fr: m.fr });
  }
  return out;
}

describe("the catalogue's areas", () => {
  it("each area's French has exactly its English keys, and messages with values stay functions", async () => {
    const all = await areas();
    expect(all.length).toBeGreaterThan(10);
    for (const a of all) {
      expect(Object.keys(a.fr).sort(), a.file).toEqual(Object.keys(a.en).sort());
      for (const [k, v] of Object.entries(a.en)) expect(typeof a.fr[k], `${a.file} ${k}`).toBe(typeof v);
    }
  });

  it("no key is in two areas, and the areas together are the whole catalogue", async () => {
    const home = new Map<string, string>();
    for (const a of await areas())
      for (const k of Object.keys(a.en)) {
        expect(home.get(k), `${k} is in ${home.get(k)} and ${a.file}`).toBeUndefined();
        home.set(k, a.file);
      }
    expect([...home.keys()].sort()).toEqual(Object.keys(en).sort());
    expect([...home.keys()].sort()).toEqual(Object.keys(fr).sort());
  });
});
