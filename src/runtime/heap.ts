// V8 heap sizing for the long-running roles (worker, web, start), applied by pinmail itself so an
// operator needs no NODE_OPTIONS. Both flags are ones V8 reads at each garbage collection, which is
// why they can be set here, at run time; the heap limit (--max-old-space-size) and the young
// generation's size are fixed when the process starts and could only come from the command line.
// Figures: docs/benchmarks.md, "Issue 17: default memory settings".
import v8 from "node:v8";

/**
 * Each full collection lets the old generation grow to at most 1.3× what survived. On a machine
 * with plenty of memory V8 allows up to 4× (a worker draining a backlog peaked at 466 MiB with a
 * live heap below 100 MiB); 1.3 is what V8 itself uses under a 256 MB heap limit, without the limit
 * (a larger live heap still fits; it is collected more often instead of crashing).
 */
const HEAP_GROWING_PERCENT = 30;

/** V8's default: the young generation doubles when most of it survives a scavenge. */
const YOUNG_GROWTH_DEFAULT = 2;

/** True when the operator passed this V8 flag (command line or NODE_OPTIONS): theirs wins. */
function operatorSet(flag: string): boolean {
  const given = [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)];
  return given.some((a) => a.replaceAll("_", "-").startsWith(flag));
}

/**
 * Before the role's modules load. Loading them allocates a lot that survives, which makes V8 grow
 * the young generation to its maximum (2 × 16 MiB) and keep it for good: ~30 MiB of an idle
 * worker's memory for start-up garbage. Holding its growth until the role is up keeps it at
 * its initial size; `afterStartUp` lets it grow again, so a busy worker has its usual young
 * generation (a smaller one costs CPU in scavenges under load).
 */
export function beforeStartUp(): void {
  if (!operatorSet("--heap-growing-percent")) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (!operatorSet("--semi-space-growth-factor")) v8.setFlagsFromString("--semi-space-growth-factor=1");
}

/** Once the role has started (connections open, workers waiting): the young generation may grow. */
export function afterStartUp(): void {
  if (!operatorSet("--semi-space-growth-factor")) v8.setFlagsFromString(`--semi-space-growth-factor=${YOUNG_GROWTH_DEFAULT}`);
}
