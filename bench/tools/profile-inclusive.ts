// Inclusive CPU time per function of our own code (src/) in a .cpuprofile, with async work
// attributed only to synchronous stacks: a rough split of CPU by pipeline stage.
// Usage: npx tsx bench/tools/profile-inclusive.ts <file.cpuprofile> [filter]
import { readFileSync } from "node:fs";

const [file, filter] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file!, "utf8")) as {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
};
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const incl = new Map<string, number>();
let total = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  const fn = byId.get(id)!.callFrame.functionName;
  if (fn === "(idle)") return;
  total += dt;
  const seen = new Set<string>();
  for (let q: number | undefined = id; q !== undefined; q = parent.get(q)) {
    const n = byId.get(q)!;
    const url = n.callFrame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const key = pkg
      ? `[${pkg}]`
      : /\/work\/main\/(src|bench)\//.test(url)
        ? `${n.callFrame.functionName || "(anon)"} ${url.replace(/.*\/work\/main\//, "")}`
        : null;
    if (!key || seen.has(key)) continue;
    if (filter && !key.includes(filter)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + dt);
  }
});
console.log(`busy ${(total / 1e6).toFixed(2)} s`);
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((t / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
