// The Overview page. Its figures and the latest requests are live regions that dashboard.js
// refreshes from /partials/... every few seconds, so the page is kept open all day.
import { OUTCOMES } from "../../verify/decide.js";
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { Overview } from "./overview-data.js";
import type { ListedRequest } from "./request-data.js";

export function liveRegion(src: string, everyMs: number, inner: SafeHtml, label: string): SafeHtml {
  return html`<section class="live" data-live-src="${src}" data-live-every="${everyMs}" aria-label="${label}">${inner}</section>`;
}

function alerts(o: Overview): SafeHtml {
  const problems: string[] = [];
  if (!o.worker.up) problems.push("No worker is connected to the queues: requests are not being verified or answered.");
  if (!o.mailbox.reported) problems.push("The mailbox reader has not reported for 5 minutes: is the worker running?");
  else if (o.mailbox.state !== "connected") problems.push(`The mailbox is ${o.mailbox.state}${o.mailbox.lastError ? `: ${o.mailbox.lastError}` : ""}.`);
  const warnings = mailboxAuthWarnings(o);
  if (!problems.length && !warnings.length) return html`<p class="ok-banner" role="status">Worker and mailbox are up.</p>`;
  return html`<div class="alert" role="alert">${problems.map((p) => html`<p><strong>Down:</strong> ${p}</p>`)}${warnings}</div>`;
}

/** Signing in to the mailbox failing, and the app's secret or certificate expiring within 30 days (issue 16). */
function mailboxAuthWarnings(o: Overview): SafeHtml[] {
  const auth = (o.mailbox as { auth?: { authFailure?: { message: string } | null; credentialExpiry?: { what: string; expiresAt: string } | null } | null }).auth;
  const out: SafeHtml[] = [];
  if (auth?.authFailure) out.push(html`<p><strong>Sign-in failing:</strong> ${auth.authFailure.message}</p>`);
  const exp = auth?.credentialExpiry;
  if (exp) {
    const days = Math.ceil((new Date(exp.expiresAt).getTime() - Date.parse(o.generatedAt)) / 86_400_000);
    if (days <= 0) out.push(html`<p><strong>Expired:</strong> the mailbox's ${exp.what} expired on ${when(exp.expiresAt)}. Create a new one in the app registration, or pinmail cannot read or send mail.</p>`);
    else if (days <= 30) out.push(html`<p><strong>Expires soon:</strong> the mailbox's ${exp.what} expires on ${when(exp.expiresAt)} (in ${days} day${days === 1 ? "" : "s"}). Create a new one in the app registration before then.</p>`);
  }
  return out;
}

function period(title: string, p: Overview["requests"]["today"]): SafeHtml {
  const outcomes = [...OUTCOMES, "undecided"].filter((k) => p.byOutcome[k]);
  return html`<div class="card"><h3>${title}</h3><p class="big">${p.total}</p>
<dl class="pairs">${outcomes.length ? outcomes.map((k) => html`<dt>${badge("outcome", k)}</dt><dd>${p.byOutcome[k]}</dd>`) : html`<dt>No requests</dt><dd></dd>`}</dl></div>`;
}

export function overviewFigures(o: Overview): SafeHtml {
  const mb = o.mailbox;
  return html`${alerts(o)}
<div class="grid">
${period("Requests today", o.requests.today)}
${period("This week", o.requests.week)}
<div class="card"><h3>Manual review</h3><p class="big"><a href="/review">${o.review.open}</a></p>
<dl class="pairs"><dt>Overdue</dt><dd>${o.review.overdue ? html`<a class="overdue" href="/requests?state=review&amp;overdue=true"><strong>${o.review.overdue} overdue</strong></a>` : "0"}</dd><dt>Unassigned</dt><dd>${o.review.unassigned}</dd></dl></div>
<div class="card"><h3>Mailbox</h3>
${mb.reported
  ? html`<p class="big state">${mb.state}${mb.state === "connected" ? (mb.idle || mb.idleSupported ? " · IDLE" : " · polling") : ""}</p>
<dl class="pairs"><dt>Last sync</dt><dd>${when(mb.lastSyncAt)}</dd><dt>Last error</dt><dd>${mb.lastError ?? "none"}</dd><dt>Reconnects</dt><dd>${mb.reconnects}</dd><dt>Reported</dt><dd>${when(mb.at)}</dd></dl>`
  : html`<p class="big state">unknown</p><p>No report from the mailbox reader.</p>`}
</div>
<div class="card"><h3>Failures</h3><p class="big"><a href="/failures">${o.failures.failedJobs + o.failures.undeliverableReplies + o.failures.attention}</a></p>
<dl class="pairs"><dt>Failed jobs</dt><dd>${o.failures.failedJobs}</dd><dt>Undelivered replies</dt><dd>${o.failures.undeliverableReplies}</dd><dt>Attention folder</dt><dd>${o.failures.attention}</dd></dl></div>
<div class="card"><h3>At risk</h3><p class="big"><a href="/at-risk?within=${o.atRisk.withinDays}">${o.atRisk.organizations}</a></p>
<p class="muted">organizations that go dormant in the next ${o.atRisk.withinDays} days unless their primary user signs in</p></div>
</div>
<h2>Queues</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">Queue</th><th scope="col">Waiting</th><th scope="col">Active</th><th scope="col">Delayed</th><th scope="col">Failed</th><th scope="col">Completed</th><th scope="col">Oldest waiting</th><th scope="col">Done last hour</th><th scope="col">Workers</th></tr></thead>
<tbody>${o.queues.map(
    (q) => html`<tr><th scope="row">${q.name}</th><td>${q.counts.waiting}</td><td>${q.counts.active}</td><td>${q.counts.delayed}</td><td>${q.counts.failed}</td><td>${q.counts.completed}</td><td>${q.oldestWaitingAgeSeconds === null ? "—" : `${q.oldestWaitingAgeSeconds} s`}</td><td>${q.doneLastHour ?? "—"}</td><td>${q.workers}</td></tr>`,
  )}</tbody></table></div>
<p class="muted">Updated ${when(o.generatedAt)}</p>`;
}

export function requestTable(rows: ListedRequest[], now: Date, opts: { empty?: string } = {}): SafeHtml {
  if (!rows.length) return html`<p>${opts.empty ?? "No requests."}</p>`;
  return html`<div class="scroll"><table class="requests">
<thead><tr><th scope="col">Reference</th><th scope="col">Received</th><th scope="col">Sender</th><th scope="col">Name</th><th scope="col">Subject</th><th scope="col">State</th><th scope="col">Outcome</th><th scope="col">Due</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr${r.state === "review" && r.dueAt && new Date(r.dueAt) < now ? html` class="is-overdue"` : ""}><td><a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a></td><td>${when(r.receivedAt)}</td><td>${userText(r.sender)}</td><td>${r.name ? userText(r.name) : html`<span class="muted">—</span>`}</td><td class="subject">${userText(r.subject)}</td><td>${badge("state", r.state)}</td><td>${badge("outcome", r.outcome)}</td><td>${due(r.dueAt, r.state, now)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function overviewBody(o: Overview, latest: ListedRequest[], now: Date, everyMs: number): SafeHtml {
  return html`${liveRegion("/partials/overview", everyMs, overviewFigures(o), "Figures")}
<h2>Latest requests</h2>
${liveRegion("/partials/latest", everyMs, requestTable(latest, now), "Latest requests")}
<p><a href="/requests">All requests</a></p>`;
}
