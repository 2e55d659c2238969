import { describe, expect, it } from "vitest";
import { formatTemplateFile, parseTemplateFile } from "../../../src/reply/template-file.js";
import { normaliseSource, sameSource } from "../../../src/templates-admin/normalise-source.js";

describe("normaliseSource", () => {
  it("turns form input (CRLF, blank edges, trailing spaces) into what the file form reads back", () => {
    const source = normaliseSource({ subject: "  Hi {{ reference }} \r\n", html: "\r\n<p>a</p>  \r\n\r\n<p>b</p>\r\n\r\n", text: "  \r\n" });
    expect(source).toEqual({ subject: "Hi {{ reference }}", html: "<p>a</p>\n\n<p>b</p>", text: null });
    expect(parseTemplateFile(formatTemplateFile(source))).toEqual(source);
  });

  it("treats missing or non-string fields as empty", () => {
    expect(normaliseSource({ subject: 3, html: null })).toEqual({ subject: "", html: "", text: null });
  });

  it("compares sources regardless of line endings", () => {
    expect(sameSource({ subject: "s", html: "a\r\nb", text: null }, { subject: "s", html: "a\nb\n", text: "" })).toBe(true);
    expect(sameSource({ subject: "s", html: "a", text: null }, { subject: "s", html: "a", text: "t" })).toBe(false);
  });
});
