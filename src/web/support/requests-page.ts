// The Requests page: filters as a plain GET form (bookmarkable, works without script), the list,
// and a link to the next page.
import { outcomeLabel, stateLabel } from "../views/words.js";
import { OUTCOMES, STATES } from "../../verify/decide.js";
import { html, raw, type SafeHtml } from "../views/html.js";
import { liveAnnouncer, liveRegion, requestTable } from "./overview-page.js";
import type { ListedRequest } from "./request-data.js";
import type { RequestFilters } from "./request-query.js";
import { t } from "../i18n/catalog.js";

function select(name: string, label: string, options: readonly string[], value: string | undefined): SafeHtml {
  // Options in words (issue 20); the value stays the machine name the query and the API take.
  const words = name === "state" ? stateLabel : outcomeLabel;
  return html`<label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">${t("common.any")}</option>${options.map(
    (o) => html`<option value="${o}"${o === value ? raw(" selected") : ""}>${words(o)}</option>`,
  )}</select>`;
}

/** The query string of the filters (without the cursor), for the next-page link and the live list. */
export function filterQuery(f: RequestFilters | null): URLSearchParams {
  const v = f ?? { limit: 50 };
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries({ q: v.q, state: v.state, outcome: v.outcome, from: v.from, to: v.to, overdue: v.overdue ? "true" : undefined }))
    if (val) params.set(k, val);
  return params;
}

/**
 * `liveEveryMs`: the first page follows new and changed requests live (issue 20) from
 * /partials/requests with the same filters; later pages (a cursor) stay as they are.
 */
const overdueBox = (checked: boolean | undefined) =>
  html`<input id="f-overdue" name="overdue" type="checkbox" value="true"${checked ? raw(" checked") : ""}><label for="f-overdue">${t("rq.overdueOnly")}</label>`;

/** The first page, refreshed live with the page's filters. */
const liveList = (f: RequestFilters, table: SafeHtml, everyMs: number) =>
  html`${liveRegion(`/partials/requests?${filterQuery(f).toString()}`, everyMs, table, t("title.requests"), true)}${liveAnnouncer()}`;

export function requestsBody(f: RequestFilters | null, rows: ListedRequest[], next: string | null, now: Date, error?: string, liveEveryMs?: number): SafeHtml {
  const v = f ?? { limit: 50 };
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries({ q: v.q, state: v.state, outcome: v.outcome, from: v.from, to: v.to, overdue: v.overdue ? "true" : undefined }))
    if (val) params.set(k, val);
  if (next) params.set("cursor", next);
  const table = requestTable(rows, now, { empty: t("rq.noMatch") });
  return html`<form method="get" action="/requests" class="filters" role="search">
<div><label for="f-q">${t("common.search")}</label><input id="f-q" name="q" type="search" value="${v.q ?? ""}" placeholder="${t("rq.searchHint")}"></div>
<div>${select("state", t("col.state"), STATES, v.state)}</div>
<div>${select("outcome", t("col.outcome"), OUTCOMES, v.outcome)}</div>
<div><label for="f-from">${t("rq.from")}</label><input id="f-from" name="from" type="date" value="${v.from ?? ""}"></div>
<div><label for="f-to">${t("rq.to")}</label><input id="f-to" name="to" type="date" value="${v.to ?? ""}"></div>
<div class="check">${overdueBox(v.overdue)}</div>
<div><button type="submit">${t("rq.filter")}</button> <a href="/requests">${t("rq.clear")}</a></div>
</form>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
${liveEveryMs && f && !f.cursor ? liveList(f, table, liveEveryMs) : table}
${next ? html`<p><a rel="next" href="/requests?${params.toString()}">${t("rq.older")}</a></p>` : ""}`;
}
