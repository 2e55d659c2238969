// The "Alerts" page and the banner every page shows while an alert is open: words, not JSON;
// times in Toronto with the zone shown.
import { formatDuration } from "../../core/duration.js";
import type { AlertView } from "../../alerts/alert-store.js";
import type { AlertName } from "../../alerts/alert-names.js";
import { html, type SafeHtml } from "../views/html.js";
import { when } from "../views/format.js";
import { currentLocale } from "../i18n/locale.js";
import { t, tMaybe } from "../i18n/catalog.js";

/** What each alert means, in a sentence staff can act on (English: alert mail and logs; pages use alertMeaning). */
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

/** The alert's meaning in the page's language (issue 20). */
export function alertMeaning(name: AlertName): string {
  const words = tMaybe("al.meaning", name);
  return words === name ? ALERT_MEANING[name] : words;
}

// The staff pages' one clock (STAFF_TIMEZONE, issue 20).

/** A time in Toronto with its zone (EST/EDT) written out. */
export function zonedTime(iso: string | null): SafeHtml {
  // when(): the staff clock in the page's language (issue 20), "6 déc. 2026, 14 h 05 EST" in French.
  return when(iso);
}

/** How long an alert lasted; the units are the same in French except days. */
function lasted(ms: number): string {
  const words = formatDuration(ms);
  return currentLocale() === "fr" ? words.replace(/\bdays\b/, "jours") : words;
}

function sentWords(a: AlertView): SafeHtml {
  if (!a.sent.length) return html`<span class="muted">${t("al.nothingSent")}</span>`;
  const channel = (c: string) => (c === "email" ? t("al.mail") : t("al.webhook"));
  const event = (e: string) => (e === "open" ? t("al.ev.open") : t("al.ev.cleared"));
  return html`<ul class="plain">${a.sent.map((s) => {
    const words = { channel: channel(s.channel), event: event(s.state) };
    if (s.status === "sent")
      return html`<li>${t("al.sent", words)} ${zonedTime(s.sentAt)}${s.attempts > 1 ? t("al.afterAttempts", { n: s.attempts }) : ""}</li>`;
    if (s.status === "dropped") return html`<li>${t("al.dropped", { ...words, error: s.lastError ?? t("al.channelOff") })}</li>`;
    return html`<li class="error-text">${t("al.pending", words)}${s.attempts ? t("al.retrying", { n: s.attempts, error: s.lastError ?? t("al.error") }) : ""}</li>`;
  })}</ul>`;
}

function rows(list: AlertView[], now: Date): SafeHtml {
  return html`${list.map((a) => {
    const end = a.until ? new Date(a.until) : now;
    return html`<tr${a.state === "open" ? html` class="is-overdue"` : ""}><td><strong>${a.alert}</strong><br><span class="muted">${alertMeaning(a.alert)}</span></td><td>${a.text}</td><td>${zonedTime(a.since)}</td><td>${a.until ? zonedTime(a.until) : html`<strong>${t("al.stillOpen")}</strong>`}</td><td>${lasted(end.getTime() - new Date(a.since).getTime())}</td><td>${sentWords(a)}</td></tr>`;
  })}`;
}

export function alertsBody(open: AlertView[], recent: AlertView[], now: Date, channels: string): SafeHtml {
  const cols = ["al.col.alert", "al.col.what", "al.col.started", "al.col.ended", "al.col.lasted", "al.col.sent"] as const;
  const head = html`<thead><tr>${cols.map((c) => html`<th scope="col">${t(c)}</th>`)}</tr></thead>`;
  return html`<p class="muted">${t("al.intro", { channels })}</p>
<section aria-labelledby="h-open"><h2 id="h-open">${t("al.openNow", { n: open.length })}</h2>
${open.length ? html`<div class="scroll"><table>${head}<tbody>${rows(open, now)}</tbody></table></div>` : html`<p class="ok-banner">${t("al.noneOpen")}</p>`}</section>
<section aria-labelledby="h-recent"><h2 id="h-recent">${t("al.ended", { n: recent.length })}</h2>
${recent.length ? html`<div class="scroll"><table>${head}<tbody>${rows(recent, now)}</tbody></table></div>` : html`<p>${t("al.none")}</p>`}</section>`;
}

/** The banner at the top of every dashboard page while an alert is open. */
export function alertBanner(open: readonly AlertName[]): string {
  if (!open.length) return "";
  const names = [...new Set(open)];
  return html`<div class="alert alert-banner" role="alert"><p><strong>${names.length === 1 ? t("al.bannerOne") : t("al.bannerMany", { n: names.length })}</strong> ${names.map((n, i) => html`${i ? "; " : ""}${n} (${alertMeaning(n)})`)}. <a href="/alerts">${t("al.seeAll")}</a></p></div>`
    .value;
}
