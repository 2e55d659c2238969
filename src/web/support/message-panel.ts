// "What the person wrote" on the case page (issue 20): the newest part as plain text with the
// parsed name highlighted, the whole body folded away, and for a name that differs from the
// records, both names side by side with the differing, invisible and look-alike characters marked.
import { diffNames, type MarkedChar } from "../../core/name-diff.js";
import { html, raw, type SafeHtml } from "../views/html.js";
import { revealInvisible } from "../views/user-text.js";
import type { RequestDetail } from "./request-data.js";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Several lines of outside text: each line's invisible characters shown, the line breaks kept. */
function revealLines(text: string): SafeHtml {
  return raw(
    text
      .split(/\r?\n/)
      .map((l) => revealInvisible(l).value)
      .join("\n"),
  );
}

/** `text` escaped, invisible characters shown, every occurrence of a name part in <mark>. */
export function highlighted(text: string, terms: readonly string[]): SafeHtml {
  const words = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return revealLines(text);
  const re = new RegExp(words.map(escapeRe).join("|"), "giu");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += revealLines(text.slice(last, m.index)).value;
    out += `<mark class="name-found" title="read as the name">${revealInvisible(m[0]).value}</mark>`;
    last = m.index! + m[0].length;
  }
  return raw(out + revealLines(text.slice(last)).value);
}

function marked(cs: MarkedChar[]): SafeHtml {
  return html`<bdi class="name-chars">${cs.map((c) => {
    if (c.mark === "same") return c.char;
    if (c.mark === "invisible") return html`<span class="invisible-char" title="${c.note}">${c.note!.slice(0, c.note!.indexOf(","))}</span>`;
    if (c.mark === "lookalike")
      return html`<mark class="char-lookalike" title="${c.note}">${c.char}<small>${c.note!.slice(0, c.note!.indexOf(","))}</small></mark>`;
    return html`<mark class="char-differs" title="${c.note}">${c.char === " " ? "␣" : c.char}</mark>`;
  })}</bdi>`;
}

function nameComparison(r: RequestDetail): SafeHtml {
  if (!r.user || !r.parsedFirstName || !r.parsedLastName) return html``;
  const rows = [
    ["First name", r.parsedFirstName, r.user.firstName],
    ["Last name", r.parsedLastName, r.user.lastName],
  ] as const;
  if (rows.every(([, a, b]) => a === b)) return html``;
  return html`<h3 id="h-names">The name in the message and in the records</h3>
<table class="name-compare" aria-labelledby="h-names"><thead><tr><th scope="col"></th><th scope="col">In the message</th><th scope="col">In the records</th></tr></thead><tbody>
${rows.map(([label, a, b]) => {
  const d = diffNames(a, b);
  return html`<tr><th scope="row">${label}</th><td>${marked(d.left)}</td><td>${marked(d.right)}</td></tr>`;
})}
</tbody></table>
<p class="muted">Marked: <mark class="char-differs">characters that differ</mark>, <mark class="char-lookalike">look-alikes from another script or typographic marks</mark>, and <span class="invisible-char">invisible characters</span> (hover for what each is).</p>`;
}

export function messagePanel(r: RequestDetail): SafeHtml {
  const m = r.message;
  const terms = [r.parsedFirstName, r.parsedLastName, r.name].filter((x): x is string => !!x);
  return html`<section aria-labelledby="h-message" class="card message-card"><h2 id="h-message">What the person wrote</h2>
${
  m.missing
    ? html`<p class="muted">${m.missing}</p>`
    : html`<p class="muted">Shown as plain text${m.fromHtml ? " (it was sent as HTML)" : ""}: nothing in it is run or loaded.${terms.length ? html` The name pinmail read is <mark class="name-found">highlighted</mark>.` : ""}</p>
<pre class="message-text" dir="auto">${m.newest.length ? highlighted(m.newest.join("\n"), terms) : html`<span class="muted">(no new text above the quoted part)</span>`}</pre>
${m.signature.length ? html`<p class="muted">Signature:</p><pre class="message-signature" dir="auto">${highlighted(m.signature.join("\n"), terms)}</pre>` : ""}
<details><summary>The whole message, quoted history included</summary><pre dir="auto">${revealLines(m.full)}</pre></details>`
}
${nameComparison(r)}
</section>`;
}
