// Typed template problems (issue 14: typed errors; issue 20: French for staff). Every problem code
// has English and French words; the English the templates API sends is byte for byte the
// sentence the checker wrote before problems had codes, and the English editor page says the same.
import { describe, expect, it } from "vitest";
import {
  problemMessage,
  TEMPLATE_PROBLEM_CODES,
  type TemplateProblem,
  type TemplateProblemCode,
  type TemplateProblemParams,
} from "../../../src/reply/template-problem.js";
import { t } from "../../../src/web/i18n/catalog.js";
import { withLocale } from "../../../src/web/i18n/locale.js";

type Sample = { [C in TemplateProblemCode]: { params: TemplateProblemParams[C]; english: string } };

const PIN = "PIN: {{ pin }}";
/** One problem per code and its sentence as the checker wrote it before (a missing code fails the type check). */
const SAMPLES: Sample = {
  "unknown-variable": {
    params: { name: "firstNme", allowed: ["firstName", "reference"] },
    english: 'Unknown variable "firstNme". This template can use: firstName, reference',
  },
  "raw-filter": { params: {}, english: 'The "raw" filter is not allowed: values are always escaped in HTML so a sender cannot inject markup' },
  "unknown-filter": { params: { name: "shout" }, english: 'Unknown filter "shout": check its spelling, or remove it' },
  "unknown-partial": { params: { name: "footer.de" }, english: 'There is no partial named "footer.de"' },
  "block-not-closed": { params: { tag: "if" }, english: "The {% if %} block is never closed: add {% endif %} where it should end" },
  "output-not-closed": { params: {}, english: 'A value that starts with "{{" is never closed: add "}}" at its end' },
  "stray-end-tag": {
    params: { tag: "endfor", opener: "for" },
    english: "{% endfor %} closes a {% for %} block that is not open here: remove it, or add the {% for %} it belongs to above it",
  },
  "inner-tag-outside-block": {
    params: { tag: "else" },
    english: "{% else %} can only be used inside a block (such as {% if %}, {% case %} or {% for %}): move it inside one, or remove it",
  },
  "unknown-tag": { params: { name: "bogus" }, english: 'There is no tag named "bogus": check its spelling, or write {{ bogus }} to show a value' },
  "tag-malformed": {
    params: { tag: "for", example: "{% for item in list %} … {% endfor %}" },
    english: "The {% for %} tag is not written correctly; write it like {% for item in list %} … {% endfor %}",
  },
  "value-missing": { params: {}, english: "A value is missing here: write a variable name, a number or a quoted text" },
  "tag-name-missing": { params: {}, english: "A tag has no name: write something between {% and %}, such as {% if … %}, or remove it" },
  "assign-incomplete": {
    params: { example: "{% assign greeting = 'Hello' %}" },
    english: "This {% assign %} is not complete; write it like {% assign greeting = 'Hello' %}",
  },
  "capture-name-missing": {
    params: { example: "{% capture greeting %} … {% endcapture %}" },
    english: "{% capture %} needs the name of the variable to fill; write it like {% capture greeting %} … {% endcapture %}",
  },
  "partial-name-missing": {
    params: { example: "{% include 'footer.en' %}" },
    english: "The partial's name is missing; write it like {% include 'footer.en' %}",
  },
  "cycle-values-missing": {
    params: { example: "{% cycle 'odd', 'even' %}" },
    english: "{% cycle %} needs the values to cycle through; write it like {% cycle 'odd', 'even' %}",
  },
  "duplicated-else": { params: {}, english: "This block has two {% else %}: keep one" },
  "bracket-not-closed": { params: { open: "[", close: "]" }, english: 'A "[" is never closed: add "]"' },
  "unexpected-character": {
    params: { character: "x" },
    english: 'Liquid did not expect "x" here: a filter\'s values are separated by commas, and a value cannot follow another without one',
  },
  "liquid-unreadable": {
    params: { liquid: "something new" },
    english: "Liquid cannot read the template here; check the tag or value at this place (Liquid says: something new)",
  },
  "subject-empty": { params: {}, english: "The subject is empty" },
  "subject-multiline": { params: {}, english: "The subject must be a single line" },
  "html-empty": { params: {}, english: "The HTML body is empty" },
  "marker-line": { params: { line: "=== html ===" }, english: 'A line like "=== html ===" is reserved for section markers' },
  "partial-name-unquoted": { params: {}, english: "Partial names must be written in quotes, e.g. {% include 'footer.en' %}" },
  "partial-not-found": { params: { name: "x", available: [] }, english: 'There is no partial named "x". Available: none' },
  "partial-uses-unknown": {
    params: { partial: "footer.en", name: "x", allowed: ["reference"] },
    english: 'Partial "footer.en" uses "x", which this template does not have. This template can use: reference',
  },
  "required-unused": {
    params: { name: "reference", description: "the request's reference" },
    english: `Required variable "reference" is not used (the request's reference)`,
  },
  "computed-name": { params: {}, english: "Variables must be named, not looked up by a computed name like [name]" },
  "partial-uses-pin": {
    params: { partial: "footer.en", pinLine: PIN },
    english: 'Partial "footer.en" may not use "pin": the PIN is printed only by the "PIN: {{ pin }}" line',
  },
  "pin-misused": {
    params: { pinLine: PIN },
    english: '"pin" may be used only on the line "PIN: {{ pin }}", exactly as written (no filters, not in the subject)',
  },
  "pin-captured": {
    params: { pinLine: PIN },
    english: 'The "PIN: {{ pin }}" line may not be inside {% capture %}: the PIN must not be copied into another variable',
  },
  "pin-line-missing": { params: { pinLine: PIN }, english: 'The line "PIN: {{ pin }}" must appear on a line of its own, exactly as written' },
  "pin-hidden": { params: { pinLine: PIN }, english: '"PIN: {{ pin }}" must show in the email: it is inside a comment or a condition' },
  "pin-not-own-line-in-derived-text": {
    params: { expected: "PIN: 123456" },
    english: 'In the plain-text version made from the HTML, "PIN: 123456" is not on a line of its own; put it in its own paragraph',
  },
  "element-refused": { params: { tag: "script" }, english: "<script> is not allowed in a reply: it loads or runs something from elsewhere" },
  "meta-http-equiv": { params: {}, english: '<meta http-equiv="..."> is not allowed in a reply: it can redirect or load something' },
  "pin-in-attribute": { params: { tag: "a", attribute: "title" }, english: 'The PIN may appear only as text on its own line, not inside <a title="...">' },
  "style-attribute-fetch": {
    params: { tag: "p" },
    english: '<p style="..."> may not use url(), @import, image-set() or CSS escapes: a reply loads nothing from elsewhere',
  },
  "style-block-fetch": { params: {}, english: "A <style> block may not use url(), @import, image-set() or CSS escapes: a reply loads nothing from elsewhere" },
  "pin-in-comment": { params: {}, english: "The PIN may not appear inside an HTML comment" },
  "link-not-full": {
    params: { url: "portal", hosts: ["portal.test", "staff.test"] },
    english: '"portal" is not a full address; links must start with https:// and go to portal.test or staff.test',
  },
  "link-scheme": { params: { url: "ftp://portal.test/x" }, english: '"ftp://portal.test/x": only https:// and mailto: links are allowed' },
  "link-host": {
    params: { url: "https://evil.test/", host: "evil.test", hosts: [] },
    english: '"https://evil.test/" goes to evil.test; replies may link only to no host (set PORTAL_URL or WEB_PUBLIC_URL)',
  },
  "render-failed": { params: { detail: "html, line 2, column 3: boom" }, english: "html, line 2, column 3: boom" },
  "check-timeout": {
    params: { seconds: 0.5 },
    english: "Checking this template took longer than 0.5 s, so it was stopped. Look for loops or filters that repeat a lot of work.",
  },
};

const samples = Object.entries(SAMPLES).map(([code, s]) => ({ problem: { code, params: s.params } as TemplateProblem, english: s.english }));

describe("template problems have a code, English for the API and words in both staff languages", () => {
  it("the samples cover every code", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...TEMPLATE_PROBLEM_CODES].sort());
  });

  it("the API's English is today's sentence, and the English page says the same", () => {
    for (const { problem, english } of samples) {
      expect(problemMessage(problem), problem.code).toBe(english);
      expect(
        withLocale("en", () => t("tpl.problem", { problem })),
        problem.code,
      ).toBe(english);
    }
  });

  it("every code has French words of its own (the renderer's own words excepted)", () => {
    for (const { problem, english } of samples) {
      const fr = withLocale("fr", () => t("tpl.problem", { problem }));
      expect(fr, problem.code).not.toBe(english);
      // The variable's description comes from the template catalogue, in English on every page.
      const own = problem.code === "required-unused" ? fr.replace(problem.params.description, "") : fr;
      expect(own, problem.code).not.toMatch(/\b(the|is|not|must|may|reply|should|write it like|cannot)\b/);
    }
    expect(withLocale("fr", () => t("tpl.problem", { problem: { code: "check-timeout", params: { seconds: 0.5 } } }))).toContain("0,5 s");
  });
});
