import { describe, expect, it } from "vitest";
import { liquidSyntaxProblems, plainLiquidMessage } from "../../../src/reply/liquid-problems.js";
import { loadDefaultTemplates } from "../../../src/reply/load-default-templates.js";
import type { TemplateSource } from "../../../src/reply/template-file.js";
import { validateTemplate } from "../../../src/reply/validate-template.js";
import { createEngines } from "../../../src/reply/engine.js";

// Issue 20, template editor: every problem at once, in plain words, at its line and column.
const { templates, partials } = loadDefaultTemplates();
const needsReview = templates.get("needs-review.en")!;
const engines = createEngines(partials);
const parse = (source: string) => engines.html.parse(source);

/** LiquidJS's own wordings, which the admin must never see as the whole message. */
const PARSER_WORDING = /illegal tag|not found|invalid value expression|tag name expected|unexpected character|not closed$|expected variable name|line:\d+/;

async function htmlProblems(html: string): Promise<Array<{ line: number; column: number; message: string }>> {
  const source: TemplateSource = { ...needsReview, html };
  const result = await validateTemplate("needs-review", source, partials);
  return result.ok ? [] : result.errors.filter((e) => e.part === "html").map(({ line, column, message }) => ({ line, column, message }));
}

describe("template problems in plain words", () => {
  it("reports two syntax errors of one part at once, each at its own line", async () => {
    const html = `${needsReview.html}\n<p>{% for item %}x{% endfor %}</p>\n<p>{% bogus %}</p>`;
    const lines = needsReview.html.split("\n").length;
    const problems = await htmlProblems(html);
    expect(problems.map((p) => p.line)).toEqual([lines + 1, lines + 2]);
    expect(problems[0]).toMatchObject({ column: 4 });
    expect(problems[0]!.message).toMatch(/The \{% for %\} tag is not written correctly; write it like \{% for item in list %\}/);
    expect(problems[1]!.message).toMatch(/There is no tag named "bogus": check its spelling/);
  });

  it("finds every problem in a badly broken part, without follow-on noise", () => {
    const source = "{% if x %}\n{% for a b %}\n{{ name \n{% endfor %}\n{% bogus %}\n";
    const problems = liquidSyntaxProblems(source, parse, ["name"]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [5, 1],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      "The {% if %} block is never closed: add {% endif %} where it should end",
      "The {% for %} tag is not written correctly; write it like {% for item in list %} … {% endfor %}",
      'A value that starts with "{{" is never closed: add "}}" at its end',
      'There is no tag named "bogus": check its spelling, or write {{ bogus }} to show a value',
    ]);
  });

  it("says how to fix each kind of syntax error, never in the parser's words", () => {
    const cases: Array<[string, RegExp]> = [
      ["x {% endif %}", /closes a \{% if %\} block that is not open here/],
      ["{% else %}", /can only be used inside a block/],
      ["{{ }}", /A value is missing here/],
      ["{% %}", /A tag has no name/],
      ["{% assign %}", /This \{% assign %\} is not complete/],
      ["{% capture %}{% endcapture %}", /needs the name of the variable/],
      ["{{ a[ }}", /A "\[" is never closed: add "\]"/],
      ["{{ 'a' | append: 'b' 'c' }}", /separated by commas/],
      ["{% if a %}{% else %}{% else %}{% endif %}", /two \{% else %\}: keep one/],
      ["{% raw %}", /The \{% raw %\} block is never closed: add \{% endraw %\}/],
    ];
    for (const [source, expected] of cases) {
      const problems = liquidSyntaxProblems(source, parse, []);
      expect(problems.length, source).toBeGreaterThan(0);
      for (const problem of problems) {
        expect(problem.message, source).toMatch(expected);
        expect(problem.message, source).not.toMatch(PARSER_WORDING);
      }
    }
  });

  it("returns nothing for a source that parses", () => {
    expect(liquidSyntaxProblems("{% if a %}{{ a }}{% endif %}", parse, [])).toEqual([]);
  });

  it("keeps an unknown wording, after a plain sentence", () => {
    expect(plainLiquidMessage("something new", [])).toBe(
      "Liquid cannot read the template here; check the tag or value at this place (Liquid says: something new)",
    );
  });
});
