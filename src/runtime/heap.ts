// V8 heap sizing for the long-running roles (worker, web, start), applied by pinmail itself so an
// operator needs no NODE_OPTIONS. Both flags are ones V8 reads at each garbage collection, which is
// why they can be set here, at run time; the heap limit (--max-old-space-size) and the young
// generation's size are fixed when the process starts and could only come from the command line.
// Figures: docs/benchmarks.md, "Issue 17, continued: default memory settings, delivery under a lease".
import v8 from "node:v8";

/**
 * Each full collection lets the old generation grow to at most 1.3× what survived. On a machine
 * with plenty of memory V8 allows up to 4× (a worker draining a backlog peaked at 466 MiB with a
 * live heap below 100 MiB); 1.3 is about what V8 allows itself under a 256 MB heap limit, here
 * without the limit (a larger live heap still fits; it is collected more often instead of crashing).
 */
const HEAP_GROWING_PERCENT = 30;

/** V8's default: the young generation doubles when most of it survives a scavenge. */
const YOUNG_GROWTH_DEFAULT = 2;

/** The V8 flags to set before and after start-up, leaving out any the operator gave (`given`: node's command line). */
export function heapFlags(given: readonly string[]): { beforeStartUp: string[]; afterStartUp: string[] } {
  const operatorSet = (flag: string) => given.some((a) => a.replaceAll("_", "-").startsWith(`${flag}=`) || a.replaceAll("_", "-") === flag);
  const growing = operatorSet("--heap-growing-percent") ? [] : [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
  const young = operatorSet("--semi-space-growth-factor");
  return {
    beforeStartUp: [...growing, ...(young ? [] : ["--semi-space-growth-factor=1"])],
    afterStartUp: young ? [] : [`--semi-space-growth-factor=${YOUNG_GROWTH_DEFAULT}`],
  };
}

// Node refuses these V8 flags in NODE_OPTIONS, so an operator's own can only be on node's command line.
const flags = () => heapFlags(process.execArgv);

/**
 * Before the role's modules load. Loading them allocates a lot that survives, which makes V8 grow
 * the young generation to its maximum (2 × 16 MiB) and keep it for good: ~30 MiB of an idle
 * worker's memory for start-up garbage. Holding its growth until the role is up keeps it at
 * its initial size; `afterStartUp` lets it grow again, so a busy worker has its usual young
 * generation (a smaller one costs CPU in scavenges under load).
 */
export function beforeStartUp(): void {
  for (const f of flags().beforeStartUp) v8.setFlagsFromString(f);
}

/** Once the role has started (connections open, workers waiting): the young generation may grow. */
export function afterStartUp(): void {
  for (const f of flags().afterStartUp) v8.setFlagsFromString(f);
}
