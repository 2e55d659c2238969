import { describe, expect, it } from "vitest";
import { userText } from "../../../src/web/views/user-text.js";

describe("userText (issue 13.13)", () => {
  it("isolates the text in <bdi> and escapes it", () => {
    expect(String(userText('Maria <b>"Santos"</b>'))).toBe("<bdi>Maria &lt;b&gt;&quot;Santos&quot;&lt;/b&gt;</bdi>");
  });
  it("shows a right-to-left override and zero-width characters as labelled marks", () => {
    const out = String(userText("Maria\u202eSantos\u200b\ufeff"));
    expect(out).not.toMatch(/[\u202e\u200b\ufeff]/);
    expect(out).toContain('title="hidden character: right-to-left override (U+202E)">U+202E</span>');
    expect(out).toContain("(U+200B)");
    expect(out).toContain("(U+FEFF)");
    expect(out.startsWith("<bdi>Maria<span")).toBe(true);
  });
  it("leaves accents, non-Latin letters and ordinary spaces alone", () => {
    expect(String(userText("Éloïse Dubois‐Lévesque 山田 太郎\u00a0x"))).toBe("<bdi>Éloïse Dubois‐Lévesque 山田 太郎\u00a0x</bdi>");
  });
  it("renders nothing for an absent value", () => {
    expect(String(userText(null))).toBe("");
  });
});
