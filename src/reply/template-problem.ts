// What the template checker found, as a code with its values (issue 14: typed errors). The
// English sentence the templates API sends as `message` is derived here from the code, by one
// function; the admin pages tell the same problem in their own language from the code
// (web/admin/problem-words.ts), never by reading the sentence back.

type None = Record<never, never>;

/** Every problem and its values. A new code needs its English below and its words in the staff catalogue. */
export interface TemplateProblemParams {
  // Liquid syntax and render errors (liquid-problems.ts).
  "unknown-variable": { name: string; allowed: string[] };
  "raw-filter": None;
  "unknown-filter": { name: string };
  "unknown-partial": { name: string };
  "block-not-closed": { tag: string };
  "output-not-closed": None;
  "stray-end-tag": { tag: string; opener: string };
  "inner-tag-outside-block": { tag: string };
  "unknown-tag": { name: string };
  /** `example`: how the tag is written, when there is one to show (Liquid code, the same in every language). */
  "tag-malformed": { tag: string; example: string | null };
  "value-missing": None;
  "tag-name-missing": None;
  "assign-incomplete": { example: string };
  "capture-name-missing": { example: string };
  "partial-name-missing": { example: string };
  "cycle-values-missing": { example: string };
  "duplicated-else": None;
  "bracket-not-closed": { open: string; close: string };
  "unexpected-character": { character: string };
  /** A wording of LiquidJS this module does not know: its own text is kept. */
  "liquid-unreadable": { liquid: string };
  // The template's shape and variables (validate-template.ts).
  "subject-empty": None;
  "subject-multiline": None;
  "html-empty": None;
  "marker-line": { line: string };
  "partial-name-unquoted": None;
  "partial-not-found": { name: string; available: string[] };
  "partial-uses-unknown": { partial: string; name: string; allowed: string[] };
  "required-unused": { name: string; description: string };
  "computed-name": None;
  "partial-uses-pin": { partial: string; pinLine: string };
  "pin-misused": { pinLine: string };
  "pin-captured": { pinLine: string };
  "pin-line-missing": { pinLine: string };
  "pin-hidden": { pinLine: string };
  "pin-not-own-line-in-derived-text": { expected: string };
  // Links and loads (template-resources.ts).
  "element-refused": { tag: string };
  "meta-http-equiv": None;
  "pin-in-attribute": { tag: string; attribute: string };
  "style-attribute-fetch": { tag: string };
  "style-block-fetch": None;
  "pin-in-comment": None;
  /** `hosts`: where replies may link; empty when neither PORTAL_URL nor WEB_PUBLIC_URL is set. */
  "link-not-full": { url: string; hosts: string[] };
  "link-scheme": { url: string };
  "link-host": { url: string; host: string; hosts: string[] };
  // Rendering after the checks passed (a limit hit under load): the renderer's own words.
  "render-failed": { detail: string };
  // The sandbox (templates-admin/template-sandbox.ts).
  "check-timeout": { seconds: number };
}
export type TemplateProblemCode = keyof TemplateProblemParams;
export type TemplateProblem = { [C in TemplateProblemCode]: { code: C; params: TemplateProblemParams[C] } }[TemplateProblemCode];

const write = (example: string | null) => (example ? `; write it like ${example}` : "");
const hostList = (hosts: string[]) => (hosts.length ? hosts.join(" or ") : "no host (set PORTAL_URL or WEB_PUBLIC_URL)");
const CSS_FETCH = "url(), @import, image-set() or CSS escapes";

const ENGLISH: { [C in TemplateProblemCode]: (p: TemplateProblemParams[C]) => string } = {
  "unknown-variable": (p) => `Unknown variable "${p.name}". This template can use: ${p.allowed.join(", ")}`,
  "raw-filter": () => 'The "raw" filter is not allowed: values are always escaped in HTML so a sender cannot inject markup',
  "unknown-filter": (p) => `Unknown filter "${p.name}": check its spelling, or remove it`,
  "unknown-partial": (p) => `There is no partial named "${p.name}"`,
  "block-not-closed": (p) => `The {% ${p.tag} %} block is never closed: add {% end${p.tag} %} where it should end`,
  "output-not-closed": () => 'A value that starts with "{{" is never closed: add "}}" at its end',
  "stray-end-tag": (p) =>
    `{% ${p.tag} %} closes a {% ${p.opener} %} block that is not open here: remove it, or add the {% ${p.opener} %} it belongs to above it`,
  "inner-tag-outside-block": (p) =>
    `{% ${p.tag} %} can only be used inside a block (such as {% if %}, {% case %} or {% for %}): move it inside one, or remove it`,
  "unknown-tag": (p) => `There is no tag named "${p.name}": check its spelling, or write {{ ${p.name} }} to show a value`,
  "tag-malformed": (p) => `The {% ${p.tag} %} tag is not written correctly${write(p.example)}`,
  "value-missing": () => "A value is missing here: write a variable name, a number or a quoted text",
  "tag-name-missing": () => "A tag has no name: write something between {% and %}, such as {% if … %}, or remove it",
  "assign-incomplete": (p) => `This {% assign %} is not complete${write(p.example)}`,
  "capture-name-missing": (p) => `{% capture %} needs the name of the variable to fill${write(p.example)}`,
  "partial-name-missing": (p) => `The partial's name is missing${write(p.example)}`,
  "cycle-values-missing": (p) => `{% cycle %} needs the values to cycle through${write(p.example)}`,
  "duplicated-else": () => "This block has two {% else %}: keep one",
  "bracket-not-closed": (p) => `A "${p.open}" is never closed: add "${p.close}"`,
  "unexpected-character": (p) =>
    `Liquid did not expect "${p.character}" here: a filter's values are separated by commas, and a value cannot follow another without one`,
  "liquid-unreadable": (p) => `Liquid cannot read the template here; check the tag or value at this place (Liquid says: ${p.liquid})`,
  "subject-empty": () => "The subject is empty",
  "subject-multiline": () => "The subject must be a single line",
  "html-empty": () => "The HTML body is empty",
  "marker-line": (p) => `A line like "${p.line}" is reserved for section markers`,
  "partial-name-unquoted": () => "Partial names must be written in quotes, e.g. {% include 'footer.en' %}",
  "partial-not-found": (p) => `There is no partial named "${p.name}". Available: ${p.available.join(", ") || "none"}`,
  "partial-uses-unknown": (p) => `Partial "${p.partial}" uses "${p.name}", which this template does not have. This template can use: ${p.allowed.join(", ")}`,
  "required-unused": (p) => `Required variable "${p.name}" is not used (${p.description})`,
  "computed-name": () => "Variables must be named, not looked up by a computed name like [name]",
  "partial-uses-pin": (p) => `Partial "${p.partial}" may not use "pin": the PIN is printed only by the "${p.pinLine}" line`,
  "pin-misused": (p) => `"pin" may be used only on the line "${p.pinLine}", exactly as written (no filters, not in the subject)`,
  "pin-captured": (p) => `The "${p.pinLine}" line may not be inside {% capture %}: the PIN must not be copied into another variable`,
  "pin-line-missing": (p) => `The line "${p.pinLine}" must appear on a line of its own, exactly as written`,
  "pin-hidden": (p) => `"${p.pinLine}" must show in the email: it is inside a comment or a condition`,
  "pin-not-own-line-in-derived-text": (p) =>
    `In the plain-text version made from the HTML, "${p.expected}" is not on a line of its own; put it in its own paragraph`,
  "element-refused": (p) => `<${p.tag}> is not allowed in a reply: it loads or runs something from elsewhere`,
  "meta-http-equiv": () => '<meta http-equiv="..."> is not allowed in a reply: it can redirect or load something',
  "pin-in-attribute": (p) => `The PIN may appear only as text on its own line, not inside <${p.tag} ${p.attribute}="...">`,
  "style-attribute-fetch": (p) => `<${p.tag} style="..."> may not use ${CSS_FETCH}: a reply loads nothing from elsewhere`,
  "style-block-fetch": () => `A <style> block may not use ${CSS_FETCH}: a reply loads nothing from elsewhere`,
  "pin-in-comment": () => "The PIN may not appear inside an HTML comment",
  "link-not-full": (p) => `"${p.url}" is not a full address; links must start with https:// and go to ${hostList(p.hosts)}`,
  "link-scheme": (p) => `"${p.url}": only https:// and mailto: links are allowed`,
  "link-host": (p) => `"${p.url}" goes to ${p.host}; replies may link only to ${hostList(p.hosts)}`,
  "render-failed": (p) => p.detail,
  "check-timeout": (p) => `Checking this template took longer than ${p.seconds} s, so it was stopped. Look for loops or filters that repeat a lot of work.`,
};

/** Every problem code, for tests that check each has words. */
export const TEMPLATE_PROBLEM_CODES = Object.keys(ENGLISH) as TemplateProblemCode[];

/** The English sentence of a problem: the templates API's `message`. */
export function problemMessage(p: TemplateProblem): string {
  return (ENGLISH[p.code] as (v: TemplateProblem["params"]) => string)(p.params);
}

/** Builds a problem; `templateProblem("unknown-filter", { name })` type-checks the values against the code. */
export const templateProblem = <C extends TemplateProblemCode>(code: C, params: TemplateProblemParams[C]) => ({ code, params }) as TemplateProblem;
