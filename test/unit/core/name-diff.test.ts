// The name comparison staff see for a name mismatch (issue 20).
import { describe, expect, it } from "vitest";
import { diffNames } from "../../../src/core/name-diff.js";

const marks = (cs: Array<{ char: string; mark: string }>) => cs.map((c) => (c.mark === "same" ? c.char : `[${c.mark}:${c.char}]`)).join("");

describe("diffNames", () => {
  it("marks nothing for equal names", () => {
    const d = diffNames("Maria", "Maria");
    expect(marks(d.left)).toBe("Maria");
    expect(marks(d.right)).toBe("Maria");
  });

  it("marks the characters that differ on each side", () => {
    const d = diffNames("Santo", "Santos");
    expect(marks(d.left)).toBe("Santo");
    expect(marks(d.right)).toBe("Santo[differs:s]");
    expect(marks(diffNames("Jon", "John").right)).toBe("Jo[differs:h]n");
  });

  it("makes an invisible character and a Cyrillic look-alike visible, with their code points", () => {
    const d = diffNames("M\u0430ria\u200B", "Maria");
    expect(marks(d.left)).toBe("M[lookalike:\u0430]ria[invisible:\u200B]");
    expect(d.left[1]!.note).toContain("U+0430, a Cyrillic letter");
    expect(d.left[5]!.note).toContain("U+200B");
    expect(marks(d.right)).toBe("M[differs:a]ria");
  });

  it("marks a typographic hyphen as a look-alike", () => {
    const d = diffNames("Anne\u2011Marie", "Anne-Marie");
    expect(d.left[4]).toMatchObject({ mark: "lookalike" });
    expect(d.right[4]).toMatchObject({ mark: "differs" });
  });
});
