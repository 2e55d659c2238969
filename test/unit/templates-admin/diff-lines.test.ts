import { describe, expect, it } from "vitest";
import { diffLines } from "../../../src/templates-admin/diff-lines.js";

const ops = (a: string, b: string) => diffLines(a, b).map((l) => `${l.op === "same" ? " " : l.op === "add" ? "+" : "-"}${l.text}`);

describe("diffLines", () => {
  it("reports nothing changed for equal texts", () => {
    expect(diffLines("a\nb", "a\nb").every((l) => l.op === "same")).toBe(true);
  });

  it("shows a changed line as removed then added, keeping the context", () => {
    expect(ops("a\nb\nc", "a\nB\nc")).toEqual([" a", "-b", "+B", " c"]);
  });

  it("finds insertions and deletions in the middle with line numbers on both sides", () => {
    const lines = diffLines("one\ntwo\nthree\nfour", "one\nthree\nthree and a half\nfour");
    expect(lines.map((l) => [l.op, l.text, l.oldLine, l.newLine])).toEqual([
      ["same", "one", 1, 1],
      ["remove", "two", 2, null],
      ["same", "three", 3, 2],
      ["add", "three and a half", null, 3],
      ["same", "four", 4, 4],
    ]);
  });

  it("reproduces both texts exactly", () => {
    const a = "x\ny\nz\nq\nw\ny";
    const b = "y\nx\nz\nw\nw\nq\ny";
    const lines = diffLines(a, b);
    expect(
      lines
        .filter((l) => l.op !== "add")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(a);
    expect(
      lines
        .filter((l) => l.op !== "remove")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(b);
  });

  it("falls back to remove-all/add-all when the changed middle is too large for the table", () => {
    const a = Array.from({ length: 2100 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 2100 }, (_, i) => `b${i}`).join("\n");
    const lines = diffLines(`head\n${a}\ntail`, `head\n${b}\ntail`);
    expect(lines[0]).toMatchObject({ op: "same", text: "head" });
    expect(lines.filter((l) => l.op === "remove")).toHaveLength(2100);
    expect(lines.filter((l) => l.op === "add")).toHaveLength(2100);
    expect(lines.at(-1)).toMatchObject({ op: "same", text: "tail" });
  });
});
