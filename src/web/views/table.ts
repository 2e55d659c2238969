// Pieces of tables and definition lists for the staff pages: a header row from column names, cells
// and term/value pairs, so that a row reads as a list of values instead of one long line of markup.
import { html, type SafeHtml } from "./html.js";

/** `<thead>` with one `<th scope="col">` per (already translated) label. */
export const headRow = (labels: readonly string[]): SafeHtml => html`<thead><tr>${labels.map((l) => html`<th scope="col">${l}</th>`)}</tr></thead>`;

/** One `<td>` per value (escaped unless SafeHtml). */
export const cells = (...values: unknown[]): SafeHtml[] => values.map((v) => html`<td>${v}</td>`);

/** A `<td>` with a class. */
export const cell = (value: unknown, className: string): SafeHtml => html`<td class="${className}">${value}</td>`;

/** One `<dt>`/`<dd>` pair of a `<dl class="pairs">`; `num`: the value is a figure (right-aligned). */
export const pair = (term: unknown, value: unknown, o: { num?: boolean } = {}): SafeHtml =>
  o.num ? html`<dt>${term}</dt><dd class="num">${value}</dd>` : html`<dt>${term}</dt><dd>${value}</dd>`;
