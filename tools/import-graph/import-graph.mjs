#!/usr/bin/env node
// The folder-level import graph of src/, the layer rule it must follow, and its cycles.
//
//   node tools/import-graph/import-graph.mjs            # the graph, then any problem; exit 1 on a problem
//   node tools/import-graph/import-graph.mjs --json     # { edges, cycles, againstFlow }
//
// Each folder under src/ sits on a layer (LAYERS below): a module may import from its own folder
// and from folders on lower layers only. core/ is pure domain logic and imports nothing outside
// itself. The graph is read from the sources (relative `import ... from` and `export ... from`),
// so it needs no TypeScript compiler API. KNOWN lists edges that run against the layers today and
// are owed a fix (issue 14); the check fails on any edge that is neither allowed nor known, so
// the list can only shrink.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Lower layers first. A folder may import from a strictly lower layer (or itself). The order is
 * the data flow read upside down: a request enters at the top (cli/main start the roles; the
 * queue's workers drive each stage) and each stage calls the stages after it, down to the
 * adapters and pure core/ at the bottom: mailbox -> ingest -> pipeline -> verify -> reply -> outbox.
 */
export const LAYERS = [
  ["core", "generated"], // pure domain logic; the generated Prisma client
  ["config", "store"], // settings checked once; the database (Prisma and raw SQL)
  ["runtime"], // logger, metrics, health (readiness probes query the store)
  ["mailauth", "jobs"], // adapters: mail sign-in tokens; the job catalogue, Redis connection and producers
  ["mailbox"], // IMAP connections (signs in with mailauth's tokens)
  ["pipeline", "reply"], // what one message is (no I/O); replies rendered from templates
  ["outbox", "signins", "staff"], // replies written, delivered and their Sent copies removed; sign-ins; staff accounts
  ["ingest", "verify", "reminders", "templates-admin"], // the mailbox reader and intake; verification; reminders; template admin
  ["review"], // staff decisions on a case (reuse verification)
  ["enroll"], // enrollment (reuses the review rules on people)
  ["retention", "alerts"], // purge and erasure; alerts and the daily digest
  ["queue"], // workers, reconcile and the job schedulers: compose the stages
  ["web", "mailbox-check"], // the staff dashboard and APIs; `pinmail check-mailbox`
  ["main"], // starts a role (composition root)
  ["cli"], // the command line, which starts roles through main
];

/**
 * Edges against the layers that exist today, each owed a fix. Do not add to this list. Empty
 * since issue 14: every folder edge runs down the layers.
 */
export const KNOWN = new Map();

/**
 * Packages core/ may import: pure libraries only (node:crypto computes HMACs and random bytes;
 * html-to-text turns a string into a string). core/ is the domain logic, tested without
 * servers; anything that reaches a file, the network, a database or a mail server (node:fs,
 * node:net, pg, ioredis, imapflow, nodemailer, bullmq, @prisma/*, ...) belongs in an adapter.
 */
export const CORE_ALLOWED_PACKAGES = new Set(["node:crypto", "html-to-text"]);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");

/** src/x/y.ts -> "x"; src/main.ts -> "main"; other top-level files (config.ts, env-files.ts) -> "config". */
function folderOf(srcDir, file) {
  const parts = relative(srcDir, file).split(sep);
  if (parts.length > 1) return parts[0];
  return parts[0].replace(/\.[cm]?[jt]s$/, "") === "main" ? "main" : "config";
}

function* sourceFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) yield p;
  }
}

// `import ... from "x"`, `export ... from "x"`, `import "x"` and `import("x")`, type-only included:
// a type import ties the folders together just as much.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every import in src/ (generated/ excepted): { file, folder, spec, target }; target is the resolved path of a relative import, else null. */
export function imports(srcDir = SRC) {
  const out = [];
  for (const file of sourceFiles(srcDir)) {
    if (relative(srcDir, file).startsWith(`generated${sep}`)) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = spec.startsWith(".") ? resolve(dirname(file), spec) : null;
      out.push({ file: relative(ROOT, file), folder: folderOf(srcDir, file), spec, target });
    }
  }
  return out;
}

/** Folder edges with the files that make them: Map<"a -> b", string[]>. */
export function folderEdges(srcDir = SRC) {
  const edges = new Map();
  for (const { file, folder: a, target } of imports(srcDir)) {
    if (!target || !target.startsWith(srcDir + sep)) continue;
    const b = folderOf(srcDir, target);
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    edges.set(key, [...(edges.get(key) ?? []), file]);
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function cycles(edges) {
  const adj = new Map();
  for (const key of edges.keys()) {
    const [a, b] = key.split(" -> ");
    adj.set(a, [...(adj.get(a) ?? []), b]);
    if (!adj.has(b)) adj.set(b, []);
  }
  let index = 0;
  const idx = new Map(),
    low = new Map(),
    stack = [],
    on = new Set(),
    out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of adj.get(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...adj.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Edges from a folder to one on the same or a higher layer, or from/to a folder with no layer. */
export function againstFlow(edges, layers = LAYERS) {
  const layerOf = new Map(layers.flatMap((names, i) => names.map((n) => [n, i])));
  const bad = [];
  for (const key of edges.keys()) {
    const [a, b] = key.split(" -> ");
    const la = layerOf.get(a),
      lb = layerOf.get(b);
    if (la === undefined || lb === undefined) bad.push({ edge: key, why: `no layer for ${la === undefined ? a : b}: add it to LAYERS` });
    else if (lb >= la) bad.push({ edge: key, why: `${b} is not below ${a}` });
  }
  return bad;
}

/** Imports that make core/ impure: anything outside core/, and any package not in CORE_ALLOWED_PACKAGES. */
export function coreImpurities(srcDir = SRC, allowed = CORE_ALLOWED_PACKAGES) {
  const coreDir = join(srcDir, "core");
  const bad = [];
  for (const { file, folder, spec, target } of imports(srcDir)) {
    if (folder !== "core") continue;
    if (target) {
      if (!target.startsWith(coreDir + sep)) bad.push({ file, spec, why: "core/ imports only from core/" });
    } else if (!allowed.has(spec)) {
      bad.push({ file, spec, why: "core/ is pure: no I/O or adapter package (see CORE_ALLOWED_PACKAGES)" });
    }
  }
  return bad;
}

function main() {
  const edges = folderEdges();
  const cyc = cycles(edges);
  const against = againstFlow(edges);
  const unknown = against.filter((x) => !KNOWN.has(x.edge));
  const impure = coreImpurities();
  if (process.argv.includes("--json")) {
    console.log(
      JSON.stringify(
        { edges: Object.fromEntries([...edges].map(([k, v]) => [k, v.length])), cycles: cyc, againstFlow: against, coreImpurities: impure },
        null,
        2,
      ),
    );
  } else {
    for (const names of LAYERS) {
      for (const a of names) {
        const outs = [...edges.keys()]
          .filter((k) => k.startsWith(`${a} -> `))
          .map((k) => k.split(" -> ")[1])
          .sort();
        if (outs.length) console.log(`${a.padEnd(16)} -> ${outs.join(", ")}`);
      }
    }
    console.log(`\ncycles between folders: ${cyc.length ? cyc.map((c) => c.join(" <-> ")).join("; ") : "none"}`);
    console.log(`against the flow: ${against.length} (${against.length - unknown.length} known, ${unknown.length} new)`);
    for (const x of against)
      console.log(`  ${KNOWN.has(x.edge) ? "known" : "NEW  "} ${x.edge}: ${KNOWN.get(x.edge) ?? x.why} (${edges.get(x.edge).join(", ")})`);
    console.log(`core/ impurities: ${impure.length}`);
    for (const x of impure) console.log(`  ${x.file} imports "${x.spec}": ${x.why}`);
  }
  process.exitCode = unknown.length > 0 || cyc.length > 0 || impure.length > 0 ? 1 : 0;
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) main();
