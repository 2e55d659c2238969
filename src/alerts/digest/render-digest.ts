// The daily digest as mail, pure: subject, plain text and HTML, in the staff's language
// (STAFF_LOCALE). Counts, references and organization names only: no requester's name, address,
// mail body or PIN.
import { formatDuration } from "../../core/duration.js";
import { escapeHtml } from "../../core/escape-html.js";
import { BUSINESS_TIME_ZONE } from "../../core/time-zone.js";
import { torontoShortTime } from "../toronto-time.js";
import type { DigestData } from "./load-digest.js";

export type StaffLocale = "en" | "fr";

const OUTCOMES: Record<StaffLocale, Record<string, string>> = {
  en: {
    "pin-issued": "PIN issued",
    "name-mismatch": "name did not match",
    "name-missing": "name missing",
    "organization-dormant": "organization dormant",
    "account-expired": "account expired",
    "primary-user": "primary user",
    "not-recognised": "sender not recognised",
    "rate-limited": "rate limited",
    "needs-review": "sent to review",
    rejected: "rejected by staff",
    received: "not processed yet",
    processing: "being processed",
    review: "in review",
    ignored: "ignored",
    failed: "failed",
    answered: "answered",
  },
  fr: {
    "pin-issued": "NIP envoyé",
    "name-mismatch": "nom non concordant",
    "name-missing": "nom manquant",
    "organization-dormant": "organisation inactive",
    "account-expired": "compte expiré",
    "primary-user": "utilisateur principal",
    "not-recognised": "expéditeur inconnu",
    "rate-limited": "limite atteinte",
    "needs-review": "envoyé en révision",
    rejected: "refusé par le personnel",
    received: "pas encore traité",
    processing: "en traitement",
    review: "en révision",
    ignored: "ignoré",
    failed: "échec",
    answered: "répondu",
  },
};

const T = {
  en: {
    subject: (day: string, total: number, overdue: number) =>
      `[pinmail] Daily digest for ${day}: ${total} request${total === 1 ? "" : "s"}${overdue ? `, ${overdue} review${overdue === 1 ? "" : "s"} overdue` : ""}`,
    title: "pinmail daily digest",
    period: (a: string, b: string) => `Requests received from ${a} to ${b} (Toronto time)`,
    requests: "Requests by outcome",
    none: "none",
    total: "Total",
    replyTime: "Time to reply",
    replyLine: (n: number, med: string, p95: string) => `${n} repl${n === 1 ? "y" : "ies"} sent; median ${med}, 95th percentile ${p95}`,
    noReplies: "no reply sent",
    reviews: "Reviews",
    reviewLine: (w: number, o: number) => `${w} waiting, ${o} overdue`,
    overdueCase: (ref: string, due: string) => `${ref}, due ${due}`,
    failures: "Failures",
    failureLine: (d: number, r: number) => `${d} repl${d === 1 ? "y" : "ies"} could not be delivered; ${r} request${r === 1 ? "" : "s"} failed`,
    dormant: "Organizations going dormant in the next 30 days",
    dormantLine: (org: string, date: string, days: number) => `${org}: dormant on ${date} (in ${days} day${days === 1 ? "" : "s"})`,
    alerts: "Open alerts",
    alertLine: (name: string, text: string, since: string) => `${name}: ${text} (since ${since})`,
    dashboard: "Dashboard",
    footer: "Sent automatically by pinmail every business day at 08:00 Toronto time. DIGEST_ENABLED=false turns it off.",
  },
  fr: {
    subject: (day: string, total: number, overdue: number) =>
      `[pinmail] Résumé du ${day} : ${total} demande${total > 1 ? "s" : ""}${overdue ? `, ${overdue} révision${overdue > 1 ? "s" : ""} en retard` : ""}`,
    title: "Résumé quotidien de pinmail",
    period: (a: string, b: string) => `Demandes reçues du ${a} au ${b} (heure de Toronto)`,
    requests: "Demandes par résultat",
    none: "aucune",
    total: "Total",
    replyTime: "Délai de réponse",
    replyLine: (n: number, med: string, p95: string) => `${n} réponse${n > 1 ? "s" : ""} envoyée${n > 1 ? "s" : ""}; médiane ${med}, 95e centile ${p95}`,
    noReplies: "aucune réponse envoyée",
    reviews: "Révisions",
    reviewLine: (w: number, o: number) => `${w} en attente, ${o} en retard`,
    overdueCase: (ref: string, due: string) => `${ref}, échéance ${due}`,
    failures: "Échecs",
    failureLine: (d: number, r: number) => `${d} réponse${d > 1 ? "s" : ""} non livrée${d > 1 ? "s" : ""}; ${r} demande${r > 1 ? "s" : ""} en échec`,
    dormant: "Organisations qui deviendront inactives dans les 30 prochains jours",
    dormantLine: (org: string, date: string, days: number) => `${org} : inactive le ${date} (dans ${days} jour${days > 1 ? "s" : ""})`,
    alerts: "Alertes ouvertes",
    alertLine: (name: string, text: string, since: string) => `${name} : ${text} (depuis ${since})`,
    dashboard: "Tableau de bord",
    footer: "Envoyé automatiquement par pinmail chaque jour ouvrable à 8 h (heure de Toronto). DIGEST_ENABLED=false le désactive.",
  },
} as const;

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

interface Section {
  heading: string;
  lines: Array<{ text: string; href?: string }>;
}

export function renderDigest(d: DigestData, locale: StaffLocale, dashboardUrl: string | null): RenderedDigest {
  const t = T[locale];
  const tag = locale === "fr" ? "fr-CA" : "en-CA";
  const dayFmt = new Intl.DateTimeFormat(tag, { timeZone: BUSINESS_TIME_ZONE, weekday: "long", year: "numeric", month: "long", day: "numeric" });
  const timeFmt = torontoShortTime(tag);
  const dayTitle = dayFmt.format(new Date(`${d.day}T12:00:00Z`));
  const base = dashboardUrl?.replace(/\/$/, "") ?? null;
  const dur = (s: number | null) => (s === null ? "—" : formatDuration(s * 1000));
  const sections: Section[] = [
    {
      heading: t.requests,
      lines: d.outcomes.length
        ? [...d.outcomes.map((o) => ({ text: `${OUTCOMES[locale][o.outcome] ?? o.outcome}: ${o.count}` })), { text: `${t.total}: ${d.total}` }]
        : [{ text: t.none }],
    },
    {
      heading: t.replyTime,
      lines: [{ text: d.replies.count ? t.replyLine(d.replies.count, dur(d.replies.medianSeconds), dur(d.replies.p95Seconds)) : t.noReplies }],
    },
    {
      heading: t.reviews,
      lines: [
        { text: t.reviewLine(d.reviews.waiting, d.reviews.overdue), href: base ? `${base}/review` : undefined },
        ...d.reviews.overdueCases.map((c) => ({
          text: t.overdueCase(c.reference, timeFmt.format(c.dueAt)),
          href: base ? `${base}/requests/${encodeURIComponent(c.reference)}` : undefined,
        })),
      ],
    },
    {
      heading: t.failures,
      lines: [
        {
          text: t.failureLine(d.failures.deliveries, d.failures.requests),
          href: base && d.failures.deliveries + d.failures.requests ? `${base}/failures` : undefined,
        },
      ],
    },
    {
      heading: t.dormant,
      lines: d.dormant.length
        ? d.dormant.map((o) => ({ text: t.dormantLine(o.organization, o.dormancyDate, o.daysLeft), href: base ? `${base}/at-risk` : undefined }))
        : [{ text: t.none }],
    },
  ];
  if (d.openAlerts.length)
    sections.push({
      heading: t.alerts,
      lines: d.openAlerts.map((a) => ({ text: t.alertLine(a.alert, a.text, timeFmt.format(a.since)), href: base ? `${base}/alerts` : undefined })),
    });

  const period = t.period(timeFmt.format(d.periodStart), timeFmt.format(d.periodEnd));
  const text = [
    `${t.title} — ${dayTitle}`,
    period,
    "",
    ...sections.flatMap((s) => [s.heading, ...s.lines.map((l) => `  - ${l.text}${l.href ? ` <${l.href}>` : ""}`), ""]),
    ...(base ? [`${t.dashboard}: ${base}/`, ""] : []),
    t.footer,
    "",
  ].join("\n");
  const h = (s: string) => escapeHtml(s);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${h(t.title)}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<h1 style="font-size: 1.3em">${h(t.title)} — ${h(dayTitle)}</h1>
<p>${h(period)}</p>
${sections
  .map(
    (s) =>
      `<h2 style="font-size: 1.1em">${h(s.heading)}</h2>\n<ul>${s.lines.map((l) => `<li>${l.href ? `<a href="${h(l.href)}">${h(l.text)}</a>` : h(l.text)}</li>`).join("")}</ul>`,
  )
  .join("\n")}
${base ? `<p><a href="${h(`${base}/`)}">${h(t.dashboard)}</a></p>` : ""}
<p style="color: #555; font-size: 0.9em">${h(t.footer)}</p>
</body></html>
`;
  return { subject: t.subject(dayTitle, d.total, d.reviews.overdue), text, html };
}
