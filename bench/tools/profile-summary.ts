// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): self time by package or
// source file, and the hottest functions, so the biggest cost is visible without DevTools.
// Usage: npx tsx bench/tools/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary <file.cpuprofile> [top]");
const top = Number(topText ?? 25);
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith("node:")) return url;
  const src = /\/work\/main\/(.*)$/.exec(url.replace("file://", ""));
  return src ? src[1]! : url;
}

const byArea = new Map<string, number>();
const byFn = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const a = area(n.callFrame.url, n.callFrame.functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + t);
  const f = `${n.callFrame.functionName || "(anonymous)"} ${a}:${n.callFrame.lineNumber + 1}`;
  byFn.set(f, (byFn.get(f) ?? 0) + t);
}
const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
console.log("\nself time by package / file:");
for (const [a, t] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(t)}  ${a}`);
console.log("\nhottest functions (self):");
for (const [f, t] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(t)}  ${f}`);
