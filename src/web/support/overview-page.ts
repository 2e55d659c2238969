// The Overview page. Its figures and the latest requests are live regions that dashboard.js
// refreshes from /partials/... every few seconds, so the page is kept open all day.
import { OUTCOMES } from "../../verify/decide.js";
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { Overview } from "./overview-data.js";
import type { ListedRequest } from "./request-data.js";
import { t, tMaybe } from "../i18n/catalog.js";
import { formatNumber as num } from "../i18n/format.js";

/** `rows`: a list whose rows dashboard.js merges by data-ref (new ones in, changed ones updated) instead of replacing it. */
export function liveRegion(src: string, everyMs: number, inner: SafeHtml, label: string, rows = false): SafeHtml {
  return html`<section class="live" data-live-src="${src}" data-live-every="${everyMs}"${rows ? html` data-live-rows="true"` : ""} data-stale-text="${t("common.connectionLost")}" aria-label="${label}">${inner}</section>`;
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
<dl class="pairs">${outcomes.length ? outcomes.map((k) => html`<dt>${badge("outcome", k)}</dt><dd class="num">${num(p.byOutcome[k]!)}</dd>`) : html`<dt>${t("ov.noRequests")}</dt><dd></dd>`}</dl></div>`;
}

export function overviewFigures(o: Overview): SafeHtml {
  const mb = o.mailbox;
  return html`${alerts(o)}
<div class="grid">
${period(t("ov.requestsToday"), o.requests.today)}
${period(t("ov.thisWeek"), o.requests.week)}
<div class="card"><h3>${t("ov.manualReview")}</h3><p class="big"><a href="/review">${num(o.review.open)}</a></p>
<dl class="pairs"><dt>${t("ov.overdue")}</dt><dd class="num">${o.review.overdue ? html`<a class="overdue" href="/requests?state=review&amp;overdue=true"><strong>${t("ov.overdueCount", { n: o.review.overdue })}</strong></a>` : "0"}</dd><dt>${t("ov.unassigned")}</dt><dd class="num">${num(o.review.unassigned)}</dd></dl></div>
<div class="card"><h3>${t("ov.mailbox")}</h3>
${
  mb.reported
    ? html`<p class="big state">${tMaybe("mailbox", mb.state)}${mb.state === "connected" ? (mb.idle || mb.idleSupported ? ` · ${t("ov.idle")}` : ` · ${t("ov.polling")}`) : ""}</p>
<dl class="pairs"><dt>${t("ov.lastSync")}</dt><dd>${when(mb.lastSyncAt)}</dd><dt>${t("ov.lastError")}</dt><dd>${mb.lastError ?? t("common.none")}</dd><dt>${t("ov.reconnects")}</dt><dd class="num">${num(mb.reconnects)}</dd><dt>${t("ov.reported")}</dt><dd>${when(mb.at)}</dd></dl>`
    : html`<p class="big state">${t("ov.unknown")}</p><p>${t("ov.noReport")}</p>`
}
</div>
<div class="card"><h3>${t("ov.failures")}</h3><p class="big"><a href="/failures">${num(o.failures.failedJobs + o.failures.undeliverableReplies + o.failures.attention)}</a></p>
<dl class="pairs"><dt>${t("ov.failedJobs")}</dt><dd class="num">${num(o.failures.failedJobs)}</dd><dt>${t("ov.undeliveredReplies")}</dt><dd class="num">${num(o.failures.undeliverableReplies)}</dd><dt>${t("ov.attention")}</dt><dd class="num">${num(o.failures.attention)}</dd></dl></div>
<div class="card"><h3>${t("ov.atRisk")}</h3><p class="big"><a href="/at-risk?within=${o.atRisk.withinDays}">${num(o.atRisk.organizations)}</a></p>
<p class="muted">${t("ov.atRiskText", { days: o.atRisk.withinDays })}</p></div>
</div>
<h2>${t("ov.queues")}</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">${t("col.queue")}</th><th scope="col">${t("col.waiting")}</th><th scope="col">${t("col.activeJobs")}</th><th scope="col">${t("col.delayed")}</th><th scope="col">${t("col.failed")}</th><th scope="col">${t("col.completed")}</th><th scope="col">${t("col.oldestWaiting")}</th><th scope="col">${t("col.doneLastHour")}</th><th scope="col">${t("col.workers")}</th></tr></thead>
<tbody>${o.queues.map(
    (q) =>
      html`<tr><th scope="row">${q.name}</th><td class="num">${num(q.counts.waiting)}</td><td class="num">${num(q.counts.active)}</td><td class="num">${num(q.counts.delayed)}</td><td class="num">${num(q.counts.failed)}</td><td class="num">${num(q.counts.completed)}</td><td class="num">${q.oldestWaitingAgeSeconds === null ? "—" : t("ov.seconds", { n: q.oldestWaitingAgeSeconds })}</td><td class="num">${q.doneLastHour === null ? "—" : num(q.doneLastHour)}</td><td class="num">${num(q.workers)}</td></tr>`,
  )}</tbody></table></div>
<p class="muted">${t("ov.updated")} ${when(o.generatedAt)}</p>`;
}

export function requestTable(rows: ListedRequest[], now: Date, opts: { empty?: string } = {}): SafeHtml {
  if (!rows.length) return html`<p>${opts.empty ?? t("table.noRequests")}</p>`;
  return html`<div class="scroll"><table class="requests">
<thead><tr><th scope="col">${t("col.reference")}</th><th scope="col">${t("col.received")}</th><th scope="col">${t("col.sender")}</th><th scope="col">${t("col.name")}</th><th scope="col">${t("col.subject")}</th><th scope="col">${t("col.state")}</th><th scope="col">${t("col.outcome")}</th><th scope="col">${t("col.due")}</th></tr></thead>
<tbody>${rows.map(
    // data-ref: the live list (dashboard.js) matches rows by reference to add new ones and update changed ones (issue 20).
    (r) =>
      html`<tr data-ref="${r.reference}"${r.state === "review" && r.dueAt && new Date(r.dueAt) < now ? html` class="is-overdue"` : ""}><td><a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a></td><td>${when(r.receivedAt)}</td><td>${userText(r.sender)}</td><td>${r.name ? userText(r.name) : html`<span class="muted">—</span>`}</td><td class="subject">${userText(r.subject)}</td><td>${badge("state", r.state)}</td><td>${badge("outcome", r.outcome)}</td><td>${due(r.dueAt, r.state, now)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** `charts`: the last 30 days as pictures (issue 20), drawn once per page load, not live. */
export function overviewBody(o: Overview, latest: ListedRequest[], now: Date, everyMs: number, charts?: SafeHtml): SafeHtml {
  return html`${liveRegion("/partials/overview", everyMs, overviewFigures(o), t("ov.figures"))}
${charts ?? ""}
<h2>${t("ov.latest")}</h2>
${liveRegion("/partials/latest", everyMs, requestTable(latest, now), t("ov.latest"))}
<p><a href="/requests">${t("ov.allRequests")}</a></p>`;
}
