// The commands the documentation shows (in code: inline spans and fenced blocks) against what
// exists: `npm run <x>` / `npm <x>` against package.json's scripts, `pinmail <command>` against the
// CLI's command table (src/cli/main.ts). Used by readme-commands.test.ts.
import { codeSpans, fences, section, tables } from "./markdown.js";

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

/** Each command's usage text (`usage:` of its entry in src/cli/main.ts), where its options are written. */
export function cliUsages(mainTs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of mainTs.matchAll(/^ {2}(?:"([a-z][a-z-]*)"|([a-z][a-z-]*)): \{\n(?:\s+summary:[^\n]*\n)?\s+usage: ("(?:[^"\\]|\\.)*")/gm))
    out.set(m[1] ?? m[2]!, JSON.parse(m[3]!) as string);
  return out;
}

const flags = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

/**
 * The README's Commands table against the CLI's usage lines: every option a command takes is in a
 * row that shows the command, and every option a `pinmail <command> ...` span there shows is one
 * the command takes.
 */
export function optionProblems(readme: string, usages: Map<string, string>): string[] {
  const problems: string[] = [];
  const rows = tables(section(readme, "Commands")).flatMap((t) => t.rows);
  for (const [name, usage] of usages) {
    const shows = new RegExp(`\`pinmail ${name}(?![\\w-])`);
    const mine = rows
      .filter((r) => r.some((c) => shows.test(c)))
      .flat()
      .join(" ");
    for (const f of flags(usage))
      if (!mine.includes(f)) problems.push(`pinmail ${name} ${f}: an option of the CLI that the README's Commands table leaves out`);
    const spans = codeSpans(mine).filter((s) => new RegExp(`^pinmail ${name}(?![\\w-])`).test(s));
    for (const f of flags(spans.join(" ")))
      if (!flags(usage).has(f)) problems.push(`pinmail ${name} ${f}: in the README's Commands table, but not an option of the CLI`);
  }
  return problems;
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
