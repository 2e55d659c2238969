// Issue 14: the documents point at things that exist. Relative links (and their #anchors) in
// README.md, docs/*.md and templates/README.md, and the repository paths they name in code. The
// last block breaks copies to show the check fails.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ignoredFolders, linkProblems, pathProblems } from "./links.js";
import { codeSpans, linkTargets } from "./markdown.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const read = (p: string) => readFileSync(resolve(ROOT, p), "utf8");
const files = [
  "README.md",
  "templates/README.md",
  ...readdirSync(resolve(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const ignored = ignoredFolders(read(".gitignore"));

describe("links and paths in the documents", () => {
  it("reads the real documents (the check is not vacuous)", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(linkTargets(read("README.md")).length).toBeGreaterThan(5);
    expect(ignored).toContain("bench/results/");
  });

  it.each(files)("%s: relative links point at files (and headings) that exist", (file) => {
    expect(linkProblems(ROOT, file, read(file))).toEqual([]);
  });

  it.each(files)("%s: the repository paths it names in code exist", (file) => {
    expect(pathProblems(ROOT, file, codeSpans(read(file)), ignored)).toEqual([]);
  });
});

describe("the links check on broken copies", () => {
  const readme = read("README.md");
  it("finds a link to a missing file and to a missing heading", () => {
    const broken = readme.replace("(docs/security.md)", "(docs/safety.md)").replace("(#local-services)", "(#local-servers)");
    expect(linkProblems(ROOT, "README.md", broken)).toEqual([
      "README.md: link to #local-servers, but README.md has no heading with that anchor",
      "README.md: link to docs/safety.md, but docs/safety.md does not exist",
    ]);
  });
  it("reads links relative to the document's folder", () => {
    expect(linkProblems(ROOT, "docs/x.md", "see [the README](../README.md#tests) and [that](README.md)")).toEqual([
      "docs/x.md: link to README.md, but docs/README.md does not exist",
    ]);
  });
  it("finds a named path that is gone, but not one under a git-ignored folder", () => {
    expect(pathProblems(ROOT, "x.md", ["`test/faults/servers.test.ts`", "test/faults/gone.test.ts", "bench/results/latest.json"], ignored)).toEqual([
      "x.md: names test/faults/gone.test.ts, which does not exist",
    ]);
  });
});
