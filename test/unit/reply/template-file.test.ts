import { describe, expect, it } from "vitest";
import { formatTemplateFile, parseTemplateFile } from "../../../src/reply/load-default-templates.js";
import { TemplateFileError } from "../../../src/reply/template-file.js";

describe("template file format", () => {
  it("reads the three sections, trimming blank lines around them but not indentation inside", () => {
    const source = parseTemplateFile(
      "\n--- subject ---\n  Hello {{ reference }}  \n\n--- html ---\n\n  <p>a</p>\n\n<p>b</p>\n\n--- text ---\r\nline 1\r\n  line 2\r\n",
    );
    expect(source).toEqual({ subject: "Hello {{ reference }}", html: "  <p>a</p>\n\n<p>b</p>", text: "line 1\n  line 2" });
  });

  it("reads a missing or empty text section as null (derived from HTML)", () => {
    expect(parseTemplateFile("--- subject ---\ns\n--- html ---\n<p>h</p>").text).toBeNull();
    expect(parseTemplateFile("--- subject ---\ns\n--- html ---\n<p>h</p>\n--- text ---\n\n").text).toBeNull();
  });

  it("round-trips", () => {
    const source = { subject: "S {{ reference }}", html: "<p>\nPIN: {{ pin }}\n</p>", text: "PIN: {{ pin }}\n\n  - item" };
    const file = formatTemplateFile(source);
    expect(file).toBe("--- subject ---\nS {{ reference }}\n\n--- html ---\n<p>\nPIN: {{ pin }}\n</p>\n\n--- text ---\nPIN: {{ pin }}\n\n  - item\n");
    expect(parseTemplateFile(file)).toEqual(source);
    expect(parseTemplateFile(formatTemplateFile({ ...source, text: null }))).toEqual({ ...source, text: null });
  });

  it.each([
    ["stray text\n--- subject ---\ns\n--- html ---\nh", /before the first section marker.*line 1/],
    ["--- subject ---\ns\n--- html ---\nh\n--- html ---\nh", /appears twice.*line 5/],
    ["--- subject ---\ns\n--- body ---\nh", /unknown section "body".*line 3/],
    ["--- html ---\nh", /missing "--- subject ---"/],
    ["--- subject ---\ns", /missing "--- html ---"/],
    ["--- subject ---\none\ntwo\n--- html ---\nh", /single line/],
  ])("refuses %j", (content, message) => {
    expect(() => parseTemplateFile(content)).toThrow(TemplateFileError);
    expect(() => parseTemplateFile(content)).toThrow(message);
  });
});
