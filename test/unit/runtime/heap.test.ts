// The V8 heap flags the long-running roles set themselves (issue 17), and that an operator's own
// flag on node's command line is never overridden.
import { describe, expect, it } from "vitest";
import { heapFlags } from "../../../src/runtime/heap.js";

describe("heap flags", () => {
  it("by default: growth capped at 30 %, the young generation held during start-up and released after", () => {
    expect(heapFlags([])).toEqual({
      beforeStartUp: ["--heap-growing-percent=30", "--semi-space-growth-factor=1"],
      afterStartUp: ["--semi-space-growth-factor=2"],
    });
    // Unrelated flags change nothing, a hard heap limit included.
    expect(heapFlags(["--enable-source-maps", "--max-old-space-size=256"])).toEqual(heapFlags([]));
  });

  it("leaves out a flag the operator gave, in either spelling", () => {
    expect(heapFlags(["--heap-growing-percent=50"])).toEqual({
      beforeStartUp: ["--semi-space-growth-factor=1"],
      afterStartUp: ["--semi-space-growth-factor=2"],
    });
    expect(heapFlags(["--semi_space_growth_factor=4"])).toEqual({ beforeStartUp: ["--heap-growing-percent=30"], afterStartUp: [] });
  });
});
