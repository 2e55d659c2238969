// Small pieces every dashboard page uses: times in Toronto (where staff work), state and outcome
// badges that carry words as well as colour, and due dates in business days.
import { isBusinessDay } from "../../core/business-days.js";
import { html, type SafeHtml } from "./html.js";
import { t } from "../i18n/catalog.js";
import { dateTimeFormat } from "../i18n/format.js";
import { staffTimeZone, zoneName } from "./staff-clock.js";
import { outcomeLabel, stateLabel } from "./words.js";

export function when(iso: string | Date | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const d = typeof iso === "string" ? new Date(iso) : iso;
  // The page's language (issue 20): "Dec 6, 2026, 14:05" or "6 déc. 2026, 14 h 05".
  // One clock (issue 20): STAFF_TIMEZONE (America/Toronto by default), its zone written out.
  return html`<time datetime="${d.toISOString()}">${dateTimeFormat(staffTimeZone()).format(d)} ${zoneName(d)}</time>`;
}

/** State or outcome in words (issue 20); the machine name stays in the tooltip and the JSON. */
export function badge(kind: "state" | "outcome", value: string | null): SafeHtml {
  if (!value) return html`<span class="muted">—</span>`;
  const words = kind === "state" ? stateLabel(value) : outcomeLabel(value);
  return html`<span class="badge ${kind}-${value.replace(/[^a-z-]/g, "")}" title="${value}">${words}</span>`;
}

/** Business days from `now` until `due` (negative when overdue), counting whole Toronto days. */
export function businessDaysLeft(due: Date, now: Date): number {
  const sign = due >= now ? 1 : -1;
  let n = 0;
  const step = 86_400_000 * sign;
  for (let t = now.getTime() + step; sign > 0 ? t <= due.getTime() : t >= due.getTime(); t += step) {
    if (isBusinessDay(new Date(t))) n += sign;
    if (Math.abs(n) > 60) break;
  }
  return n;
}

export function due(iso: string | null, state: string, now: Date): SafeHtml {
  if (!iso || state !== "review") return iso ? when(iso) : html`<span class="muted">—</span>`;
  const d = new Date(iso);
  if (d < now) return html`<span class="overdue"><strong>${t("due.overdue")}</strong> ${t("due.since")} ${when(d)}</span>`;
  const left = businessDaysLeft(d, now);
  return html`${when(d)} <span class="muted">(${left === 0 ? t("due.today") : t("due.businessDays", { n: left })})</span>`;
}

export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  if (typeof detail !== "object") return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}
