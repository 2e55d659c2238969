// The "Alerts" page and the banner every page shows while an alert is open: words, not JSON;
// times in Toronto with the zone shown.
import { formatDuration } from "../../core/duration.js";
import type { AlertView } from "../../alerts/alert-store.js";
import type { AlertName } from "../../alerts/alert-names.js";
import { html, type SafeHtml } from "../views/html.js";
import { staffTime } from "../views/staff-clock.js";

/** What each alert means, in a sentence staff can act on. */
export const ALERT_MEANING: Record<AlertName, string> = {
  "mailbox-down": "pinmail cannot connect or sign in to the mailbox",
  "mailbox-stale": "connected, but no successful round trip with the mailbox for a while",
  "requests-waiting": "requests are waiting too long for a reply",
  "delivery-failed": "replies could not be delivered",
  "reviews-overdue": "review cases are past their due date",
  "credential-expiring": "the mailbox app's secret or certificate expires soon",
  "unusual-silence": "no request arrived when several were expected",
  "no-workers": "no worker process is running",
};

// The staff pages' one clock (STAFF_TIMEZONE, issue 20).

/** A time in Toronto with its zone (EST/EDT) written out. */
export function zonedTime(iso: string | null): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const d = new Date(iso);
  return html`<time datetime="${d.toISOString()}">${staffTime(d)}</time>`;
}

function sentWords(a: AlertView): SafeHtml {
  if (!a.sent.length) return html`<span class="muted">Nothing (shown here only)</span>`;
  const channel = (c: string) => (c === "email" ? "Mail" : "Webhook");
  const event = (e: string) => (e === "open" ? "alert" : "cleared");
  return html`<ul class="plain">${a.sent.map((s) => {
    if (s.status === "sent")
      return html`<li>${channel(s.channel)} (${event(s.state)}) sent ${zonedTime(s.sentAt)}${s.attempts > 1 ? ` after ${s.attempts} attempts` : ""}</li>`;
    if (s.status === "dropped") return html`<li>${channel(s.channel)} (${event(s.state)}) not sent: ${s.lastError ?? "channel turned off"}</li>`;
    return html`<li class="error-text">${channel(s.channel)} (${event(s.state)}) not sent yet${s.attempts ? `: ${s.attempts} failed attempt${s.attempts === 1 ? "" : "s"} (${s.lastError ?? "error"}), retrying` : ""}</li>`;
  })}</ul>`;
}

function rows(list: AlertView[], now: Date): SafeHtml {
  return html`${list.map((a) => {
    const end = a.until ? new Date(a.until) : now;
    return html`<tr${a.state === "open" ? html` class="is-overdue"` : ""}><td><strong>${a.alert}</strong><br><span class="muted">${ALERT_MEANING[a.alert]}</span></td><td>${a.text}</td><td>${zonedTime(a.since)}</td><td>${a.until ? zonedTime(a.until) : html`<strong>Still open</strong>`}</td><td>${formatDuration(end.getTime() - new Date(a.since).getTime())}</td><td>${sentWords(a)}</td></tr>`;
  })}`;
}

export function alertsBody(open: AlertView[], recent: AlertView[], now: Date, channels: string): SafeHtml {
  const head = html`<thead><tr><th scope="col">Alert</th><th scope="col">What happened</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Lasted</th><th scope="col">What was sent</th></tr></thead>`;
  return html`<p class="muted">pinmail checks these conditions on its own and tells ${channels} once when one starts and once when it ends. Times are Toronto time.</p>
<section aria-labelledby="h-open"><h2 id="h-open">Open now (${open.length})</h2>
${open.length ? html`<div class="scroll"><table>${head}<tbody>${rows(open, now)}</tbody></table></div>` : html`<p class="ok-banner">No alert is open: everything pinmail watches looks normal.</p>`}</section>
<section aria-labelledby="h-recent"><h2 id="h-recent">Ended in the last 14 days (${recent.length})</h2>
${recent.length ? html`<div class="scroll"><table>${head}<tbody>${rows(recent, now)}</tbody></table></div>` : html`<p>None.</p>`}</section>`;
}

/** The banner at the top of every dashboard page while an alert is open. */
export function alertBanner(open: readonly AlertName[]): string {
  if (!open.length) return "";
  const names = [...new Set(open)];
  return html`<div class="alert alert-banner" role="alert"><p><strong>${names.length === 1 ? "An alert is open" : `${names.length} alerts are open`}:</strong> ${names.map((n, i) => html`${i ? "; " : ""}${n} (${ALERT_MEANING[n]})`)}. <a href="/alerts">See the alerts</a></p></div>`
    .value;
}
