// Relative links in Markdown files point at files that exist, and `#anchors` at headings that
// exist (in the same file or the linked one). Used by doc-links.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { anchors, linkTargets } from "./markdown.js";

/** `text` is the file's Markdown; `file` its path, from which relative links are read. */
export function linkProblems(root: string, file: string, text: string): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [path, hash] = target.split("#") as [string, string | undefined];
    const to = path ? join(dirname(join(root, file)), decodeURI(path)) : join(root, file);
    const name = relative(root, to);
    if (!existsSync(to)) {
      problems.push(`${file}: link to ${target}, but ${name} does not exist`);
      continue;
    }
    if (hash && to.endsWith(".md")) {
      const md = to === join(root, file) ? text : readFileSync(to, "utf8");
      if (!anchors(md).has(hash)) problems.push(`${file}: link to ${target}, but ${name} has no heading with that anchor`);
    }
  }
  return problems;
}

/** Top folders whose paths the documents name in code (`test/faults/servers.test.ts`). */
const TOP = /^(?:src|test|docs|scripts|tools|deploy|prisma|templates|bench|examples|bin)\/[\w./-]*$/;

/**
 * Repository paths named in inline code must exist too (docs/reliability.md names the test of each
 * guarantee), except under a git-ignored folder (`bench/results/`: written by a run).
 */
export function pathProblems(root: string, file: string, spans: string[], ignored: string[]): string[] {
  const problems: string[] = [];
  for (const word of spans.flatMap((s) => s.split(/[\s,()]+/))) {
    const path = word.replace(/[.:]+$/, "");
    if (!TOP.test(path) || ignored.some((g) => path.startsWith(g))) continue;
    if (!existsSync(join(root, path))) problems.push(`${file}: names ${path}, which does not exist`);
  }
  return problems;
}

/** The folders .gitignore names as plain prefixes (`bench/results/`). */
export function ignoredFolders(gitignore: string): string[] {
  return gitignore
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^[\w.-]+(\/[\w.-]+)*\/$/.test(l));
}
