import { compile, type FormatCallback } from "html-to-text";
import { tableLines, type TableCell } from "./table-lines.js";

/**
 * The part of a mail body the sender wrote just now, split into the message and its
 * signature block. Everything quoted or forwarded is history written by someone else (or by
 * us), and a name found there must never be taken for the sender's.
 */
export interface NewestText {
  /** Lines of the new message, above any "-- " signature delimiter. */
  message: string[];
  /** Lines after a "-- " delimiter, before any quoted history. */
  signature: string[];
}

const MAX_BODY_CHARS = 200_000;
const MAX_LINE_CHARS = 2_000;

type DomNode = Parameters<FormatCallback>[0];

/**
 * Tables as table-lines.ts lays them out: each row on its own line, and name labels in cells
 * ("First name" | "Maria", or a header row over a row of values) as "First name: Maria". The
 * walk is html-to-text's own `dataTable` walk (rows in thead/tbody/tfoot, td and th cells); a
 * nested table reaches its cell already turned into lines by this same formatter.
 */
const labelTable: FormatCallback = (elem, walk, builder, formatOptions) => {
  const headers: boolean[][] = [];
  const walkTable = (node: DomNode): void => {
    if (node.type !== "tag") return;
    if (node.name === "thead" || node.name === "tbody" || node.name === "tfoot" || node.name === "center") {
      (node.children ?? []).forEach(walkTable);
      return;
    }
    if (node.name !== "tr") return;
    builder.openTableRow();
    const rowHeaders: boolean[] = [];
    for (const cell of node.children ?? []) {
      if (cell.type !== "tag" || (cell.name !== "td" && cell.name !== "th")) continue;
      builder.openTableCell({ maxColumnWidth: formatOptions.maxColumnWidth });
      walk(cell.children ?? [], builder);
      builder.closeTableCell({ colspan: Number(cell.attribs?.["colspan"]) || 1, rowspan: Number(cell.attribs?.["rowspan"]) || 1 });
      rowHeaders.push(cell.name === "th");
    }
    builder.closeTableRow();
    headers.push(rowHeaders);
  };
  builder.openTable();
  (elem.children ?? []).forEach(walkTable);
  builder.closeTable({
    tableToString: (rows) => tableLines(rows.map((row, j): TableCell[] => row.map((c, i) => ({ text: c.text, header: headers[j]?.[i] ?? false })))).join("\n"),
    leadingLineBreaks: formatOptions.leadingLineBreaks,
    trailingLineBreaks: formatOptions.trailingLineBreaks,
  });
};

const HTML_OPTIONS = {
  wordwrap: false as const,
  formatters: { labelTable },
  limits: { maxDepth: 200, maxInputLength: MAX_BODY_CHARS * 4 },
  selectors: [
    // Quoted history in the HTML clients send: blockquote (Apple Mail, Thunderbird, Outlook
    // on the web), Gmail's and Yahoo's quote containers, Thunderbird's "On … wrote:" line.
    { selector: "blockquote", format: "skip" },
    { selector: "div.gmail_quote", format: "skip" },
    { selector: "div.yahoo_quoted", format: "skip" },
    { selector: ".moz-cite-prefix", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "script", format: "skip" },
    { selector: "img", format: "skip" },
    { selector: "a", options: { ignoreHref: true } },
    // The default table format runs cells together ("First name:Maria"); here each row stays
    // on its own line and a name label in a cell is joined to its value (see labelTable).
    { selector: "table", format: "labelTable", options: { maxColumnWidth: 200 } },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

const CUT_MARKERS: RegExp[] = [
  /^-{2,}\s*(?:original message|message d['’]origine|message original|forwarded message|message transf[ée]r[ée]|mensaje original)\s*-{2,}$/iu,
  /^(?:begin forwarded message|d[ée]but du message r[ée]exp[ée]di[ée]|message transf[ée]r[ée]|forwarded message)\s*:?$/iu,
  /^_{8,}$/u,
  /^(?:sent from my|envoy[ée] de mon|envoy[ée] depuis mon|get outlook for|t[ée]l[ée]chargez outlook)\b/iu,
];

/** First line of an Outlook-style header block ("From: … / Sent: …", "De : … / Envoyé : …"). */
const HEADER_FROM = /^\**\s*(?:from|de|von)\s*:\**\s*\S/iu;
const HEADER_NEXT = /^\**\s*(?:sent|date|envoy[ée]|gesendet|subject|objet|to|[àa]|cc)\s*:/iu;

/** "On Mon, 3 Mar 2025, Jean <j@x> wrote:" / "Le lun. 3 mars 2025 à 10:00, Jean a écrit :". */
const ATTRIBUTION_START = /^(?:on|le|am|el)\s/iu;
const ATTRIBUTION_END = /(?:wrote|a\s+[ée]crit|schrieb|escribi[óo])\s*:\s*$/iu;

const SIGNATURE_DELIMITER = /^--\s*$/u;

function toLines(text: string): string[] {
  return (
    text
      .slice(0, MAX_BODY_CHARS)
      .replace(/\p{Cf}/gu, "")
      .normalize("NFC")
      .split(/\r\n|\r|\n|\u2028|\u2029/u)
      // Names sit on short lines; capping line length bounds the cost of every pattern after.
      .map((line) => line.slice(0, MAX_LINE_CHARS).replace(/\s+/gu, " ").trim())
  );
}

function isHeaderBlock(lines: readonly string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? "")) return false;
  for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
    if (HEADER_NEXT.test(lines[j] ?? "")) return true;
  }
  return false;
}

/** Number of lines (1–3) an attribution line spans at i, or 0 if none starts there. */
function attributionLength(lines: readonly string[], i: number): number {
  const line = lines[i] ?? "";
  if (ATTRIBUTION_END.test(line)) return 1;
  if (!ATTRIBUTION_START.test(line)) return 0;
  let joined = line;
  for (let n = 2; n <= 3 && i + n - 1 < lines.length; n++) {
    joined += ` ${lines[i + n - 1] ?? ""}`;
    if (ATTRIBUTION_END.test(joined)) return n;
  }
  return 0;
}

let htmlConverter: ((html: string) => string) | undefined;

export function bodyText(text: string | null, html: string | null): string {
  if (text && text.trim() !== "") return text;
  if (!html || html.trim() === "") return "";
  htmlConverter ??= compile(HTML_OPTIONS);
  return htmlConverter(html.slice(0, MAX_BODY_CHARS * 4));
}

/**
 * Quoted lines ("> …") are skipped wherever they are, so a bottom-posted reply still counts.
 * An attribution line followed by quoted lines is skipped with them; one followed by
 * unquoted text (history pasted without markers), a forwarded/original-message marker, or an
 * Outlook header block ends the new message.
 */
export function newestMessageText(text: string | null, html: string | null): NewestText {
  const lines = toLines(bodyText(text, html));
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith(">")) continue;
    if (CUT_MARKERS.some((re) => re.test(line)) || isHeaderBlock(lines, i)) break;
    const span = attributionLength(lines, i);
    if (span > 0) {
      const next = lines.slice(i + span).find((l) => l !== "");
      if (next === undefined || !next.startsWith(">")) break;
      i += span - 1;
      continue;
    }
    kept.push(line);
  }
  const delimiter = kept.findIndex((l) => SIGNATURE_DELIMITER.test(l));
  return delimiter < 0 ? { message: kept, signature: [] } : { message: kept.slice(0, delimiter), signature: kept.slice(delimiter + 1) };
}
