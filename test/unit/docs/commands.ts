// The commands the documentation shows (in code: inline spans and fenced blocks) against what
// exists: `npm run <x>` / `npm <x>` against package.json's scripts, `pinmail <command>` against the
// CLI's command table (src/cli/main.ts). Used by readme-commands.test.ts.
import { codeSpans, fences, section } from "./markdown.js";

/** npm's own commands the documents may show; any other `npm <x>` must be a script. */
const NPM_OWN = new Set(["install", "ci", "i", "exec", "audit", "ls"]);
/** Scripts npm runs without `run`. */
const NPM_SHORTHANDS = new Set(["test", "start", "stop", "restart"]);

const code = (md: string) => [...codeSpans(md), ...fences(md)].join("\n");

/** The CLI's command names: the keys of `const commands` in src/cli/main.ts (read as text, since importing main.ts runs it). */
export function cliCommands(mainTs: string): string[] {
  const body = /const commands[^=]*=\s*\{\n([\s\S]*?)\n\};/.exec(mainTs)?.[1] ?? "";
  return [...body.matchAll(/^ {2}(?:"([a-z][a-z-]*)"|([a-z][a-z-]*)): \{/gm)].map((m) => m[1] ?? m[2]!);
}

/**
 * Every `pinmail <command>` shown in code, where a command line starts: at the start of a span or
 * line, or after `npx `, `$ `, `| ` or `docker run … ` (not a log line such as "pinmail needs ...").
 * `pinmail worker|web|migrate` names three.
 */
export function shownPinmailCommands(md: string): Set<string> {
  const out = new Set<string>();
  const pieces = [...codeSpans(md), ...fences(md)];
  for (const piece of pieces)
    for (const m of piece.matchAll(/(?<=^\s*|npx |\$ |\| |… |\.\.\. )pinmail ([a-z][a-z-]*(?:\|[a-z][a-z-]*)*)/gm))
      for (const c of m[1]!.split("|")) out.add(c);
  return out;
}

export function commandProblems(docs: Record<string, string>, scripts: Record<string, string>, cli: string[], readme: string): string[] {
  const problems: string[] = [];
  for (const [file, md] of Object.entries(docs)) {
    const text = code(md);
    for (const m of text.matchAll(/(?<![\w-])npm run ([\w:-]+)/g))
      if (!scripts[m[1]!]) problems.push(`${file}: \`npm run ${m[1]}\`, but package.json has no script "${m[1]}"`);
    for (const m of text.matchAll(/(?<![\w-])npm ([a-z][\w:-]*)/g)) {
      const x = m[1]!;
      if (x === "run" || NPM_OWN.has(x)) continue;
      if (!NPM_SHORTHANDS.has(x) || !scripts[x]) problems.push(`${file}: \`npm ${x}\` is neither npm's own command nor a script in package.json`);
    }
    for (const c of shownPinmailCommands(md)) if (!cli.includes(c)) problems.push(`${file}: \`pinmail ${c}\`, but the CLI has no command "${c}"`);
  }
  const table = shownPinmailCommands(section(readme, "Commands"));
  for (const c of cli) if (!table.has(c)) problems.push(`pinmail ${c}: a CLI command missing from the README's Commands section`);
  return problems;
}
