// "What the person wrote" on the case page (issue 20): the newest part as plain text with the
// parsed name highlighted, the whole body folded away, and for a name that differs from the
// records, both names side by side with the differing, invisible and look-alike characters marked.
import { diffNames, type MarkedChar } from "../../core/name-diff.js";
import { html, raw, type SafeHtml } from "../views/html.js";
import { headRow } from "../views/table.js";
import { revealInvisible } from "../views/user-text.js";
import type { RequestDetail } from "./request-data.js";
import { t } from "../i18n/catalog.js";

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
  const words = [...new Set(terms.map((w) => w.trim()).filter((w) => w.length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return revealLines(text);
  const re = new RegExp(words.map(escapeRe).join("|"), "giu");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += revealLines(text.slice(last, m.index)).value;
    out += `<mark class="name-found" title="${t("mp.readAsName")}">${revealInvisible(m[0]).value}</mark>`;
    last = m.index! + m[0].length;
  }
  return raw(out + revealLines(text.slice(last)).value);
}

/**
 * core/name-diff.ts's note on a character ("U+0430, a Cyrillic letter; differs") in the page's
 * language; a note it does not know stays as it came.
 */
export function noteWords(note: string): string {
  const also = note.endsWith("; differs");
  const base = also ? note.slice(0, -"; differs".length) : note;
  const m =
    /^(U\+[0-9A-F]+)(?:, (an invisible character|a (Cyrillic|Greek|Armenian|Cherokee) letter|a full-width character|a typographic look-alike .*)| differs from the other name)$/.exec(
      base,
    );
  if (!m) return note;
  const cp = m[1]!;
  const words = !m[2]
    ? t("mp.note.differs", { cp })
    : m[3]
      ? t(`mp.note.${m[3] as "Cyrillic" | "Greek" | "Armenian" | "Cherokee"}`, { cp })
      : m[2].startsWith("an invisible")
        ? t("mp.note.invisible", { cp })
        : m[2].startsWith("a full-width")
          ? t("mp.note.fullWidth", { cp })
          : t("mp.note.typographic", { cp });
  return also ? `${words}${t("mp.note.alsoDiffers")}` : words;
}

/** message-view.ts's reason a message cannot be shown, in the page's language (the JSON keeps the English). */
export function missingWords(missing: string): string {
  if (missing === "The message itself was removed by the retention purge.") return t("mp.missing.purged");
  const big = /^The message is too large to show here \((\d+) bytes\); download the raw source below\.$/.exec(missing);
  if (big) return t("mp.missing.tooLarge", { bytes: big[1]! });
  const bad = /^The message could not be read: (.*)$/s.exec(missing);
  return bad ? t("mp.missing.unreadable", { error: bad[1]! }) : missing;
}

function marked(cs: MarkedChar[]): SafeHtml {
  return html`<bdi class="name-chars">${cs.map((c) => {
    if (c.mark === "same") return c.char;
    if (c.mark === "invisible") return html`<span class="invisible-char" title="${noteWords(c.note!)}">${c.note!.slice(0, c.note!.indexOf(","))}</span>`;
    if (c.mark === "lookalike")
      return html`<mark class="char-lookalike" title="${noteWords(c.note!)}">${c.char}<small>${c.note!.slice(0, c.note!.indexOf(","))}</small></mark>`;
    return html`<mark class="char-differs" title="${noteWords(c.note ?? "")}">${c.char === " " ? "␣" : c.char}</mark>`;
  })}</bdi>`;
}

function nameComparison(r: RequestDetail): SafeHtml {
  if (!r.user || !r.parsedFirstName || !r.parsedLastName) return html``;
  const rows = [
    [t("dp.firstName"), r.parsedFirstName, r.user.firstName],
    [t("dp.lastName"), r.parsedLastName, r.user.lastName],
  ] as const;
  if (rows.every(([, a, b]) => a === b)) return html``;
  return html`<h3 id="h-names">${t("mp.names")}</h3>
<table class="name-compare" aria-labelledby="h-names">${headRow(["", t("mp.inMessage"), t("mp.inRecords")])}<tbody>
${rows.map(([label, a, b]) => {
  const d = diffNames(a, b);
  return html`<tr><th scope="row">${label}</th><td>${marked(d.left)}</td><td>${marked(d.right)}</td></tr>`;
})}
</tbody></table>
${markingKey()}`;
}

/** What the marks in the name comparison mean. */
function markingKey(): SafeHtml {
  const marks = html`<mark class="char-differs">${t("mp.differ")}</mark>, <mark class="char-lookalike">${t("mp.lookalikes")}</mark>`;
  return html`<p class="muted">${t("mp.marked")} ${marks}, ${t("mp.and")} <span class="invisible-char">${t("mp.invisible")}</span> ${t("mp.hover")}</p>`;
}

export function messagePanel(r: RequestDetail): SafeHtml {
  const m = r.message;
  const terms = [r.parsedFirstName, r.parsedLastName, r.name].filter((x): x is string => !!x);
  return html`<section aria-labelledby="h-message" class="card message-card"><h2 id="h-message">${t("mp.title")}</h2>
${m.missing ? html`<p class="muted">${missingWords(m.missing)}</p>` : messageText(m, terms)}
${nameComparison(r)}
</section>`;
}

/** The newest lines (names highlighted), the signature, and the whole body folded away. */
function messageText(m: RequestDetail["message"], terms: string[]): SafeHtml {
  const named = terms.length ? html` ${t("mp.nameIs")} <mark class="name-found">${t("mp.highlighted")}</mark>.` : "";
  const newest = m.newest.length ? highlighted(m.newest.join("\n"), terms) : html`<span class="muted">${t("mp.noNewText")}</span>`;
  const signature = m.signature.length
    ? html`<p class="muted">${t("mp.signature")}</p><pre class="message-signature" dir="auto">${highlighted(m.signature.join("\n"), terms)}</pre>`
    : "";
  return html`<p class="muted">${t("mp.plain")}${m.fromHtml ? t("mp.fromHtml") : ""}${t("mp.nothingRun")}${named}</p>
<pre class="message-text" dir="auto">${newest}</pre>
${signature}
<details><summary>${t("mp.whole")}</summary><pre dir="auto">${revealLines(m.full)}</pre></details>`;
}
