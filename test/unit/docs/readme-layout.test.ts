// Issue 14: the README's Layout section is the tree. Every folder under src/ has its line, every
// line names something that exists (and so do the paths its description mentions), and every
// folder is on a layer of the import graph (tools/import-graph) while no layer names a folder that
// is gone. The last block breaks copies to show the check fails.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYERS } from "../../../tools/import-graph/import-graph.mjs";
import { layoutEntries, layoutProblems } from "./layout.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const README = readFileSync(resolve(ROOT, "README.md"), "utf8");
const srcFolders = readdirSync(resolve(ROOT, "src"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe("the README's Layout section and the import graph's layers", () => {
  it("reads the real tree and section (the check is not vacuous)", () => {
    expect(srcFolders.length).toBeGreaterThan(20);
    expect(layoutEntries(README).length).toBeGreaterThan(30);
  });

  it("has a line for every folder under src/, and every line and path it mentions exists", () => {
    expect(layoutProblems(README, ROOT, srcFolders)).toEqual([]);
  });

  it("puts every folder under src/ on a layer, and every layer's name is a folder (or main.ts)", () => {
    const layered = LAYERS.flat();
    expect(srcFolders.filter((f) => !layered.includes(f))).toEqual([]);
    expect(layered.filter((l) => !srcFolders.includes(l) && !existsSync(resolve(ROOT, "src", `${l}.ts`)))).toEqual([]);
  });
});

describe("the layout check on broken copies", () => {
  it("finds a folder without its line, and a line whose folder is gone", () => {
    const broken = README.replace(/^ {2}signins\/ .*\n/m, "").replace(/^ {2}enroll\/ /m, "  enrolment/ ");
    expect(layoutProblems(broken, ROOT, srcFolders)).toEqual([
      "src/enroll/: a folder without its line in the README's Layout section",
      "src/signins/: a folder without its line in the README's Layout section",
      "src/enrolment/: a line in the README's Layout section, but it does not exist",
    ]);
  });
  it("finds a path a description mentions that is gone", () => {
    const broken = README.replace("web/i18n/catalog.ts", "web/i18n/words.ts");
    expect(layoutProblems(broken, ROOT, srcFolders)).toEqual(["src/web/: its line mentions web/i18n/words.ts, which does not exist"]);
  });
});
