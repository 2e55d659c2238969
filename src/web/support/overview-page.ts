// The Overview page. Its figures and the latest requests are live regions that dashboard.js
// refreshes from /partials/... every few seconds, so the page is kept open all day.
import { OUTCOMES } from "../../verify/decide.js";
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import { cell, cells, headRow, pair } from "../views/table.js";
import type { Overview } from "./overview-data.js";
import type { ListedRequest } from "./request-data.js";
import { t, tMaybe } from "../i18n/catalog.js";
import { formatNumber as num } from "../i18n/format.js";

/** `rows`: a list whose rows dashboard.js merges by data-ref (new ones in, changed ones updated) instead of replacing it. */
export function liveRegion(src: string, everyMs: number, inner: SafeHtml, label: string, rows = false): SafeHtml {
  const merge = rows ? html` data-live-rows="true"` : "";
  const stale = t("common.connectionLost");
  return html`<section class="live" data-live-src="${src}" data-live-every="${everyMs}"${merge} data-stale-text="${stale}" aria-label="${label}">${inner}</section>`;
}

/** Where dashboard.js says, for screen readers, how many rows just arrived. */
export function liveAnnouncer(): SafeHtml {
  return html`<p class="sr-only" aria-live="polite" data-live-announce="${t("rq.newRowsTemplate")}"></p>`;
}

function alerts(o: Overview): SafeHtml {
  const problems: string[] = [];
  if (!o.worker.up) problems.push(t("ov.noWorker"));
  if (!o.mailbox.reported) problems.push(t("ov.mailboxSilent"));
  else if (o.mailbox.state !== "connected") problems.push(t("ov.mailboxState", { state: tMaybe("mailbox", o.mailbox.state), error: o.mailbox.lastError }));
  const warnings = mailboxAuthWarnings(o);
  // data-down-text: what dashboard.js shows, in red, when the server itself stops answering (issue 20).
  if (!problems.length && !warnings.length)
    return html`<p class="ok-banner status-banner" role="status" data-down-text="${t("ov.serverDown")}" data-down-label="${t("ov.down")}">${t("ov.allUp")}</p>`;
  return html`<div class="alert status-banner" role="alert">${problems.map((p) => html`<p><strong>${t("ov.down")}</strong> ${p}</p>`)}${warnings}</div>`;
}

/** Signing in to the mailbox failing, and the app's secret or certificate expiring within 30 days (issue 16). */
function mailboxAuthWarnings(o: Overview): SafeHtml[] {
  const auth = (o.mailbox as { auth?: { authFailure?: { message: string } | null; credentialExpiry?: { what: string; expiresAt: string } | null } | null })
    .auth;
  const out: SafeHtml[] = [];
  if (auth?.authFailure) out.push(html`<p><strong>${t("mw.signInFailing")}</strong> ${auth.authFailure.message}</p>`);
  const exp = auth?.credentialExpiry;
  if (exp) {
    const days = Math.ceil((new Date(exp.expiresAt).getTime() - Date.parse(o.generatedAt)) / 86_400_000);
    if (days <= 0)
      out.push(
        html`<p><strong>${t("mw.expired")}</strong> ${t("mw.expiredText", { what: tMaybe("mw.what", exp.what) })} ${when(exp.expiresAt)}. ${t("mw.expiredFix")}</p>`,
      );
    else if (days <= 30)
      out.push(
        html`<p><strong>${t("mw.expiresSoon")}</strong> ${t("mw.expiresText", { what: tMaybe("mw.what", exp.what) })} ${when(exp.expiresAt)} ${t("mw.expiresIn", { n: days })}</p>`,
      );
  }
  return out;
}

function period(title: string, p: Overview["requests"]["today"]): SafeHtml {
  const outcomes = [...OUTCOMES, "undecided"].filter((k) => p.byOutcome[k]);
  return html`<div class="card"><h3>${title}</h3><p class="big">${num(p.total)}</p>
<dl class="pairs">${outcomes.length ? outcomes.map((k) => pair(badge("outcome", k), num(p.byOutcome[k]!), { num: true })) : pair(t("ov.noRequests"), "")}</dl></div>`;
}

export function overviewFigures(o: Overview): SafeHtml {
  return html`${alerts(o)}
<div class="grid">
${period(t("ov.requestsToday"), o.requests.today)}
${period(t("ov.thisWeek"), o.requests.week)}
${reviewCard(o.review)}
<div class="card"><h3>${t("ov.mailbox")}</h3>
${mailboxFigures(o.mailbox)}
</div>
${failuresCard(o.failures)}
${atRiskCard(o.atRisk)}
</div>
<h2>${t("ov.queues")}</h2>
<div class="scroll"><table>
${headRow(QUEUE_COLUMNS.map((k) => t(k)))}
<tbody>${o.queues.map(queueRow)}</tbody></table></div>
<p class="muted">${t("ov.updated")} ${when(o.generatedAt)}</p>`;
}

function reviewCard(r: Overview["review"]): SafeHtml {
  const overdueLink = html`<a class="overdue" href="/requests?state=review&amp;overdue=true"><strong>${t("ov.overdueCount", { n: r.overdue })}</strong></a>`;
  return html`<div class="card"><h3>${t("ov.manualReview")}</h3><p class="big"><a href="/review">${num(r.open)}</a></p>
<dl class="pairs">${pair(t("ov.overdue"), r.overdue ? overdueLink : "0", { num: true })}${pair(t("ov.unassigned"), num(r.unassigned), { num: true })}</dl></div>`;
}

function mailboxFigures(mb: Overview["mailbox"]): SafeHtml {
  if (!mb.reported) return html`<p class="big state">${t("ov.unknown")}</p><p>${t("ov.noReport")}</p>`;
  const how = mb.state === "connected" ? (mb.idle || mb.idleSupported ? ` · ${t("ov.idle")}` : ` · ${t("ov.polling")}`) : "";
  const figures = [
    pair(t("ov.lastSync"), when(mb.lastSyncAt)),
    pair(t("ov.lastError"), mb.lastError ?? t("common.none")),
    pair(t("ov.reconnects"), num(mb.reconnects), { num: true }),
    pair(t("ov.reported"), when(mb.at)),
  ];
  return html`<p class="big state">${tMaybe("mailbox", mb.state)}${how}</p>
<dl class="pairs">${figures}</dl>`;
}

function failuresCard(f: Overview["failures"]): SafeHtml {
  const figures = [
    pair(t("ov.failedJobs"), num(f.failedJobs), { num: true }),
    pair(t("ov.undeliveredReplies"), num(f.undeliverableReplies), { num: true }),
    pair(t("ov.attention"), num(f.attention), { num: true }),
  ];
  return html`<div class="card"><h3>${t("ov.failures")}</h3><p class="big"><a href="/failures">${num(f.failedJobs + f.undeliverableReplies + f.attention)}</a></p>
<dl class="pairs">${figures}</dl></div>`;
}

function atRiskCard(a: Overview["atRisk"]): SafeHtml {
  return html`<div class="card"><h3>${t("ov.atRisk")}</h3><p class="big"><a href="/at-risk?within=${a.withinDays}">${num(a.organizations)}</a></p>
<p class="muted">${t("ov.atRiskText", { days: a.withinDays })}</p></div>`;
}

const QUEUE_COLUMNS = [
  "col.queue",
  "col.waiting",
  "col.activeJobs",
  "col.delayed",
  "col.failed",
  "col.completed",
  "col.oldestWaiting",
  "col.doneLastHour",
  "col.workers",
] as const;

function queueRow(q: Overview["queues"][number]): SafeHtml {
  const oldest = q.oldestWaitingAgeSeconds === null ? "—" : t("ov.seconds", { n: q.oldestWaitingAgeSeconds });
  const figures = [q.counts.waiting, q.counts.active, q.counts.delayed, q.counts.failed, q.counts.completed].map((n) => cell(num(n), "num"));
  return html`<tr><th scope="row">${q.name}</th>${figures}${cell(oldest, "num")}${cell(q.doneLastHour === null ? "—" : num(q.doneLastHour), "num")}${cell(
    num(q.workers),
    "num",
  )}</tr>`;
}

const REQUEST_COLUMNS = ["col.reference", "col.received", "col.sender", "col.name", "col.subject", "col.state", "col.outcome", "col.due"] as const;

export function requestTable(rows: ListedRequest[], now: Date, opts: { empty?: string } = {}): SafeHtml {
  if (!rows.length) return html`<p>${opts.empty ?? t("table.noRequests")}</p>`;
  return html`<div class="scroll"><table class="requests">
${headRow(REQUEST_COLUMNS.map((k) => t(k)))}
<tbody>${rows.map((r) => requestRow(r, now))}</tbody></table></div>`;
}

// data-ref: the live list (dashboard.js) matches rows by reference to add new ones and update changed ones (issue 20).
function requestRow(r: ListedRequest, now: Date): SafeHtml {
  const overdue = r.state === "review" && r.dueAt && new Date(r.dueAt) < now ? html` class="is-overdue"` : "";
  const link = html`<a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a>`;
  const name = r.name ? userText(r.name) : html`<span class="muted">—</span>`;
  const rest = cells(badge("state", r.state), badge("outcome", r.outcome), due(r.dueAt, r.state, now));
  return html`<tr data-ref="${r.reference}"${overdue}>${cells(link, when(r.receivedAt), userText(r.sender), name)}${cell(userText(r.subject), "subject")}${rest}</tr>`;
}

/** `charts`: the last 30 days as pictures (issue 20), drawn once per page load, not live. */
export function overviewBody(o: Overview, latest: ListedRequest[], now: Date, everyMs: number, charts?: SafeHtml): SafeHtml {
  return html`${liveRegion("/partials/overview", everyMs, overviewFigures(o), t("ov.figures"))}
${charts ?? ""}
<h2>${t("ov.latest")}</h2>
${liveRegion("/partials/latest", everyMs, requestTable(latest, now), t("ov.latest"))}
<p><a href="/requests">${t("ov.allRequests")}</a></p>`;
}
