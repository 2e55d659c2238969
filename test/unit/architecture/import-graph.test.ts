// Issue 14: the folder import graph of src/ runs one way (LAYERS in tools/import-graph), has no
// cycle, and core/ stays pure. The second block shows the tool catches each kind of problem.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { againstFlow, coreImpurities, cycles, folderEdges, KNOWN, LAYERS } from "../../../tools/import-graph/import-graph.mjs";

describe("src/ import graph", () => {
  const edges = folderEdges();

  it("reads the real tree (the check is not vacuous)", () => {
    expect(edges.size).toBeGreaterThan(50);
    expect(edges.has("ingest -> pipeline")).toBe(true);
  });
  it("has no cycle between folders", () => {
    expect(cycles(edges)).toEqual([]);
  });
  it("has no import against the flow, and no known exception left", () => {
    expect(againstFlow(edges)).toEqual([]);
    expect([...KNOWN.keys()]).toEqual([]);
  });
  it("gives every folder under src/ a layer, once", () => {
    const folders = readdirSync("src", { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const layered = LAYERS.flat();
    expect(new Set(layered).size).toBe(layered.length);
    expect(folders.filter((f) => !layered.includes(f))).toEqual([]);
  });
  it("keeps core/ pure: imports only from core/, no I/O or adapter package", () => {
    expect(coreImpurities()).toEqual([]);
  });
});

describe("the import-graph tool on a fixture tree", () => {
  const root = mkdtempSync(join(tmpdir(), "import-graph-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const tree = (name: string, files: Record<string, string>): string => {
    const src = join(root, name, "src");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    }
    return src;
  };
  const layers = [["core"], ["ingest"], ["queue"], ["web"], ["main"]];

  it("finds cycles, edges against the flow and an impure core", () => {
    const src = tree("bad", {
      "core/a.ts": 'import { readFileSync } from "node:fs";\nimport { page } from "../web/page.js";\nexport const a = 1;\n',
      "web/page.ts": 'import { a } from "../core/a.js";\nexport const page = a;\n',
      "ingest/intake.ts": 'import type { Producers } from "../queue/producers.js";\nexport const x = 1;\n',
      "queue/producers.ts": 'export {\n  x,\n} from "../ingest/intake.js";\n',
      "main.ts": 'const m = await import("./web/page.js");\n',
      "stray/thing.ts": 'import "../core/a.js";\n',
    });
    const edges = folderEdges(src);
    expect([...edges.keys()].sort()).toEqual(["core -> web", "ingest -> queue", "main -> web", "queue -> ingest", "stray -> core", "web -> core"]);
    expect(cycles(edges)).toEqual(
      expect.arrayContaining([
        ["core", "web"],
        ["ingest", "queue"],
      ]),
    );
    expect(cycles(edges)).toHaveLength(2);
    const against = againstFlow(edges, layers)
      .map((x) => x.edge)
      .sort();
    expect(against).toEqual(["core -> web", "ingest -> queue", "stray -> core"]);
    expect(
      coreImpurities(src, new Set())
        .map((x) => x.spec)
        .sort(),
    ).toEqual(["../web/page.js", "node:fs"]);
  });

  it("passes a tree that runs down the layers, with allowed packages in core", () => {
    const src = tree("good", {
      "core/a.ts": 'import { createHmac } from "node:crypto";\nimport { b } from "./b.js";\nexport const a = b;\n',
      "core/b.ts": "export const b = 2;\n",
      "ingest/intake.ts": 'import { a } from "../core/a.js";\nimport { Pool } from "pg";\nexport const x = a;\n',
      "queue/workers.ts": 'import { x } from "../ingest/intake.js";\nexport const w = x;\n',
      "main.ts": 'import { w } from "./queue/workers.js";\n',
    });
    const edges = folderEdges(src);
    expect([...edges.keys()].sort()).toEqual(["ingest -> core", "main -> queue", "queue -> ingest"]);
    expect(cycles(edges)).toEqual([]);
    expect(againstFlow(edges, layers)).toEqual([]);
    expect(coreImpurities(src, new Set(["node:crypto"]))).toEqual([]);
  });
});
