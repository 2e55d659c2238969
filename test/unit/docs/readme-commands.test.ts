// Issue 14: commands are interfaces. Every `npm run <x>` / `npm <x>` the README and docs/ show is a
// script in package.json, every `pinmail <command>` they show is a command of the CLI, and every
// CLI command is in the README's Commands section. The last block breaks copies to show it fails.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cliCommands, cliUsages, commandProblems, optionProblems, shownPinmailCommands } from "./commands.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const read = (p: string) => readFileSync(resolve(ROOT, p), "utf8");
const README = read("README.md");
const docs: Record<string, string> = { "README.md": README, "templates/README.md": read("templates/README.md") };
for (const f of readdirSync(resolve(ROOT, "docs")).filter((f) => f.endsWith(".md"))) docs[`docs/${f}`] = read(`docs/${f}`);
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const cli = cliCommands(read("src/cli/main.ts"));
const usages = cliUsages(read("src/cli/main.ts"));

describe("the commands the documentation shows", () => {
  it("reads the real CLI table and the documents (the check is not vacuous)", () => {
    expect(cli.length).toBeGreaterThan(10);
    expect(cli).toEqual(expect.arrayContaining(["migrate", "import-records", "check-mailbox", "erase-person"]));
    expect(shownPinmailCommands(README).size).toBeGreaterThan(10);
    expect([...usages.keys()]).toEqual(cli);
    expect(usages.get("retention")).toContain("--dry-run|--run");
  });

  it("exist: npm scripts in package.json, pinmail commands in the CLI, every CLI command in the README", () => {
    expect(commandProblems(docs, scripts, cli, README)).toEqual([]);
  });

  it("shows every option of every command in the Commands table, and no option a command does not take", () => {
    expect(optionProblems(README, usages)).toEqual([]);
  });
});

describe("the commands check on broken copies", () => {
  it("finds an option the Commands table leaves out, and one the CLI does not take", () => {
    const broken = README.replace(
      "`pinmail retention --dry-run\\|--run [--at YYYY-MM-DD] [--json]`",
      "`pinmail retention --dry-run\\|--run [--on YYYY-MM-DD]`",
    );
    expect(optionProblems(broken, usages)).toEqual([
      "pinmail retention --at: an option of the CLI that the README's Commands table leaves out",
      "pinmail retention --on: in the README's Commands table, but not an option of the CLI",
    ]);
  });

  it("finds an npm script or a pinmail command that does not exist", () => {
    const broken = { "README.md": README.replace("`npm run test:faults`", "`npm run test:chaos`").replace("`npx pinmail migrate`", "`npx pinmail upgrade`") };
    expect(commandProblems(broken, scripts, cli, README)).toEqual([
      'README.md: `npm run test:chaos`, but package.json has no script "test:chaos"',
      'README.md: `pinmail upgrade`, but the CLI has no command "upgrade"',
    ]);
  });
  it("finds an `npm <x>` that is no script", () => {
    expect(commandProblems({ "x.md": "run `npm bench` first" }, scripts, cli, README)).toEqual([
      "x.md: `npm bench` is neither npm's own command nor a script in package.json",
    ]);
  });
  it("finds a CLI command the README's Commands section leaves out", () => {
    const commands = README.indexOf("## Commands");
    const row = README.split("\n").find((l) => l.startsWith("| `pinmail export-person"))!;
    const broken = README.slice(0, commands) + README.slice(commands).replace(`${row}\n`, "");
    expect(commandProblems({}, scripts, cli, broken)).toEqual(["pinmail export-person: a CLI command missing from the README's Commands section"]);
  });
});
