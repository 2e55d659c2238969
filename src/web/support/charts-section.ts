// The overview's charts section (issue 20): two SVG charts and, beside them, the same numbers in a
// table (what a screen reader reads; the pictures are aria-hidden).
import { t } from "../i18n/catalog.js";
import { dayFormat, formatNumber as num } from "../i18n/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { cell, headRow } from "../views/table.js";
import { lineKey, lines, stackedBars, swatch, type Series } from "../views/svg-charts.js";
import type { Charts } from "./charts-data.js";

/** Outcomes grouped so five patterns tell them apart; the order stacks them bottom-up. */
const GROUPS: Array<{ key: string; label: () => string; outcomes: (o: string) => boolean }> = [
  { key: "pin-issued", label: () => t("ch.pinIssued"), outcomes: (o) => o === "pin-issued" },
  { key: "needs-review", label: () => t("ch.review"), outcomes: (o) => o === "needs-review" },
  { key: "not-recognised", label: () => t("ch.notRecognised"), outcomes: (o) => o === "not-recognised" },
  { key: "refused", label: () => t("ch.refused"), outcomes: (o) => !["pin-issued", "needs-review", "not-recognised", "undecided"].includes(o) },
  { key: "undecided", label: () => t("ch.undecided"), outcomes: (o) => o === "undecided" },
];

/** Seconds as people say them: "45 s", "12 min", "2 h 05". */
export function duration(seconds: number): string {
  if (seconds < 90) return t("ch.seconds", { n: Math.round(seconds) });
  if (seconds < 90 * 60) return t("ch.minutes", { n: Math.round(seconds / 60) });
  const m = Math.round(seconds / 60);
  return t("ch.hours", { h: Math.floor(m / 60), m: m % 60 });
}

export function chartsSection(c: Charts): SafeHtml {
  const dayLabel = (d: string) => dayFormat("UTC").format(new Date(`${d}T12:00:00Z`));
  const labels = c.days.map(dayLabel);
  const series: Series[] = GROUPS.map((g) => ({ key: g.key, label: g.label() }));
  const values = GROUPS.map((g) => c.counts.map((day) => Object.entries(day.byOutcome).reduce((n, [o, v]) => n + (g.outcomes(o) ? v : 0), 0)));
  const timeSeries: Series[] = [
    { key: "median", label: t("ch.median") },
    { key: "p95", label: t("ch.p95") },
  ];
  const times = [c.replyTimes.map((r) => r.median), c.replyTimes.map((r) => r.p95)];
  const shown = GROUPS.map((_, i) => i).filter((i) => values[i]!.some((v) => v > 0));
  return html`<section class="charts" aria-labelledby="h-charts"><h2 id="h-charts">${t("ch.title")}</h2>
<div class="chart-grid">
<figure class="card chart-card"><figcaption><h3>${t("ch.perDay")}</h3></figcaption>
${stackedBars("pm-req", labels, series, values, (v) => num(Math.round(v)))}
<ul class="legend">${shown.map((i) => html`<li>${swatch("pm-req", i)} ${series[i]!.label}</li>`)}</ul></figure>
<figure class="card chart-card"><figcaption><h3>${t("ch.replyTime")}</h3></figcaption>
${lines(labels, timeSeries, times, duration)}
<ul class="legend">${timeSeries.map((s, i) => html`<li>${lineKey(i)} ${s.label}</li>`)}</ul></figure>
<div class="chart-table scroll" tabindex="0" role="region" aria-label="${t("ch.tableLabel")}"><table>
<caption>${t("ch.tableCaption")}</caption>
${headRow([t("ch.day"), t("ch.total"), ...shown.map((i) => series[i]!.label), t("ch.median"), t("ch.p95")])}
<tbody>${[...c.days.keys()].reverse().map((d) => {
    const time = (v: number | null) => cell(v === null ? "—" : duration(v), "num");
    const counts = [c.counts[d]!.total, ...shown.map((i) => values[i]![d]!)].map((n) => cell(num(n), "num"));
    return html`<tr><th scope="row">${labels[d]}</th>${counts}${time(c.replyTimes[d]!.median)}${time(c.replyTimes[d]!.p95)}</tr>`;
  })}</tbody></table></div>
</div></section>`;
}
