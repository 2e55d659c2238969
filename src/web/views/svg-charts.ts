// Charts drawn on the server as inline SVG (issue 20): no script, no CDN, nothing for the CSP to
// refuse. Series differ by pattern and marker shape as well as colour, so they read without
// colour; the SVG is decoration (aria-hidden) because the same numbers are in a table beside it.
import { html, raw, type SafeHtml } from "./html.js";

export interface Series {
  key: string;
  label: string;
}

/** Fill per series index: a colour and a pattern (solid, stripes, dots, cross-hatch, waves). */
const FILLS = [
  { colour: "#1e6b34", pattern: "" },
  { colour: "#b07a00", pattern: `<path d="M0 6 L6 0" stroke="#fff" stroke-width="1.6"/>` },
  { colour: "#0b5cad", pattern: `<circle cx="3" cy="3" r="1.3" fill="#fff"/>` },
  { colour: "#a4161a", pattern: `<path d="M0 0 L6 6 M6 0 L0 6" stroke="#fff" stroke-width="1.1"/>` },
  { colour: "#5b6470", pattern: `<path d="M0 3 H6" stroke="#fff" stroke-width="1.4"/>` },
];

const fillId = (prefix: string, i: number) => `${prefix}-fill-${i}`;

function defs(prefix: string): SafeHtml {
  return raw(
    `<defs>${FILLS.map(
      (f, i) =>
        `<pattern id="${fillId(prefix, i)}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${f.colour}"/>${f.pattern}</pattern>`,
    ).join("")}</defs>`,
  );
}

/** A legend swatch drawn with the same pattern as the bars. */
export function swatch(prefix: string, i: number): SafeHtml {
  return raw(
    `<svg class="swatch" width="14" height="14" aria-hidden="true" focusable="false">${defs(`${prefix}-s${i}`).value}<rect width="14" height="14" fill="url(#${fillId(`${prefix}-s${i}`, i % FILLS.length)})" stroke="#1b1f24" stroke-width=".5"/></svg>`,
  );
}

const W = 560;
const H = 220;
const PAD = { left: 44, right: 10, top: 10, bottom: 28 };

/** A round axis maximum (1, 2, 5 × 10^n) at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

function axes(max: number, labels: string[], fmt: (v: number) => string): SafeHtml {
  const plotH = H - PAD.top - PAD.bottom;
  const ticks = [0, 0.5, 1].map((f) => ({ y: PAD.top + plotH * (1 - f), v: max * f }));
  const step = (W - PAD.left - PAD.right) / labels.length;
  const every = Math.ceil(labels.length / 6);
  return html`${ticks.map((t) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${t.y}" y2="${t.y}" stroke="#d5d9df"/><text x="${PAD.left - 4}" y="${t.y + 4}" text-anchor="end" font-size="13" fill="#5b6470">${fmt(t.v)}</text>`)}
${labels.map((l, i) => (i % every === 0 || i === labels.length - 1 ? html`<text x="${PAD.left + step * (i + 0.5)}" y="${H - 8}" text-anchor="middle" font-size="13" fill="#5b6470">${l}</text>` : ""))}`;
}

/** Stacked bars: `values[s][d]` is series s on day d. */
export function stackedBars(prefix: string, labels: string[], series: Series[], values: number[][], fmt: (v: number) => string): SafeHtml {
  const totals = labels.map((_, d) => series.reduce((n, _s, s) => n + (values[s]![d] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / labels.length;
  const bars: string[] = [];
  labels.forEach((_, d) => {
    let y = PAD.top + plotH;
    series.forEach((_s, s) => {
      const v = values[s]![d] ?? 0;
      if (!v) return;
      const h = (v / max) * plotH;
      y -= h;
      bars.push(
        `<rect x="${(PAD.left + step * d + step * 0.15).toFixed(1)}" y="${y.toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="url(#${fillId(prefix, s % FILLS.length)})" stroke="#1b1f24" stroke-width=".4"/>`,
      );
    });
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">${defs(prefix)}${axes(max, labels, fmt)}${raw(bars.join(""))}</svg>`;
}

/** Lines: `values[s][d]` (null: no point that day). Series 0 solid with circles, series 1 dashed with squares. */
export function lines(labels: string[], series: Series[], values: Array<Array<number | null>>, fmt: (v: number) => string): SafeHtml {
  const all = values.flat().filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...all));
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / labels.length;
  const x = (d: number) => PAD.left + step * (d + 0.5);
  const y = (v: number) => PAD.top + plotH * (1 - v / max);
  const STYLES = [
    { colour: "#0b5cad", dash: "", marker: (px: number, py: number) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.2" fill="#0b5cad"/>` },
    {
      colour: "#a4161a",
      dash: ` stroke-dasharray="6 4"`,
      marker: (px: number, py: number) => `<rect x="${(px - 3).toFixed(1)}" y="${(py - 3).toFixed(1)}" width="6" height="6" fill="#a4161a"/>`,
    },
  ];
  const parts: string[] = [];
  series.forEach((_s, s) => {
    const st = STYLES[s % STYLES.length]!;
    // A gap (no answer that day) breaks the line rather than drawing through it.
    let path = "";
    let pen = false;
    values[s]!.forEach((v, d) => {
      if (v === null) {
        pen = false;
        return;
      }
      path += `${pen ? "L" : "M"}${x(d).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
      parts.push(st.marker(x(d), y(v)));
    });
    if (path) parts.unshift(`<path d="${path.trim()}" fill="none" stroke="${st.colour}" stroke-width="2"${st.dash}/>`);
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">${axes(max, labels, fmt)}${raw(parts.join(""))}</svg>`;
}

/** Legend marker for a line series (same shape and dash as on the chart). */
export function lineKey(i: number): SafeHtml {
  return i === 0
    ? raw(
        `<svg class="swatch" width="26" height="14" aria-hidden="true" focusable="false"><path d="M1 7 H25" stroke="#0b5cad" stroke-width="2"/><circle cx="13" cy="7" r="3.2" fill="#0b5cad"/></svg>`,
      )
    : raw(
        `<svg class="swatch" width="26" height="14" aria-hidden="true" focusable="false"><path d="M1 7 H25" stroke="#a4161a" stroke-width="2" stroke-dasharray="6 4"/><rect x="10" y="4" width="6" height="6" fill="#a4161a"/></svg>`,
      );
}
