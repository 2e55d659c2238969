// The version diff as shown (issue 20): unchanged runs folded, changes marked within the line.
import { describe, expect, it } from "vitest";
import { diffLines } from "../../../src/templates-admin/diff-lines.js";
import { diffView, markChange } from "../../../src/templates-admin/diff-view.js";

describe("diff view", () => {
  it("a one-line change in a long template gives a short diff", () => {
    const before = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 30", "line thirty");
    const rows = diffView(diffLines(before, after));
    expect(rows.length).toBeLessThan(12);
    expect(rows[0]).toMatchObject({ op: "fold", count: 26, oldLine: 1 });
    expect(rows.at(-1)).toMatchObject({ op: "fold", count: 27 });
    const changed = rows.filter((r) => r.op === "remove" || r.op === "add");
    expect(changed.map((r) => r.op)).toEqual(["remove", "add"]);
  });

  it("marks only the characters that changed within the line", () => {
    expect(markChange("Dear {{ firstName }},", "Dear {{ firstName }} {{ lastName }},")).toEqual({
      // Nothing was taken out of the old line: no mark in it.
      before: [
        { text: "Dear {{ firstName }}", changed: false },
        { text: ",", changed: false },
      ],
      after: [
        { text: "Dear {{ firstName }}", changed: false },
        { text: " {{ lastName }}", changed: true },
        { text: ",", changed: false },
      ],
    });
    const m = markChange("Your PIN is ready.", "Your PIN is here.");
    expect(m.before.filter((s) => s.changed).map((s) => s.text)).toEqual(["ready"]);
    expect(m.after.filter((s) => s.changed).map((s) => s.text)).toEqual(["here"]);
  });

  it("keeps short unchanged runs and lines without a partner unmarked", () => {
    const rows = diffView(diffLines("a\nb\nc", "a\nB\nc\nd"));
    expect(rows.some((r) => r.op === "fold")).toBe(false);
    const added = rows.filter((r) => r.op === "add") as Array<{ text: string; segments: Array<{ changed: boolean }> }>;
    expect(added.find((r) => r.text === "d")!.segments).toEqual([{ text: "d", changed: false }]);
  });
});
