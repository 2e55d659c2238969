// The page frame every dashboard page shares: navigation by role, the signed-in staff member,
// the sign-out form (with its CSRF token), and only our own stylesheet and script (strict CSP).
import { html, raw, SafeHtml, escapeHtml } from "./html.js";
import { t } from "../i18n/catalog.js";
import { currentLocale } from "../i18n/locale.js";

export { html, raw, SafeHtml, escapeHtml };

export interface PageStaff {
  email: string;
  role: "support" | "admin";
}

export type NavKey = "overview" | "requests" | "review" | "people" | "at-risk" | "failures" | "alerts" | "templates" | "queues" | "data" | "account";

export interface PageInput {
  title: string;
  staff: PageStaff | null;
  csrfToken: string | null;
  body: SafeHtml;
  /** Which navigation entry is current. */
  nav?: NavKey;
  /** Extra scripts served from /static (same origin, so the CSP allows them). */
  scripts?: string[];
}

// Labels come from the catalogue (nav.<key>) in the page's language (issue 20).
const NAV: Array<{ key: Exclude<NavKey, "account">; href: string; admin?: boolean }> = [
  { key: "overview", href: "/" },
  { key: "requests", href: "/requests" },
  { key: "review", href: "/review" },
  { key: "people", href: "/people" },
  { key: "at-risk", href: "/at-risk" },
  { key: "failures", href: "/failures" },
  { key: "alerts", href: "/alerts" },
  { key: "templates", href: "/admin/templates", admin: true },
  { key: "queues", href: "/admin/queues", admin: true },
  { key: "data", href: "/data", admin: true },
];

export function renderPage(p: PageInput): string {
  const items = p.staff ? NAV.filter((n) => !n.admin || p.staff!.role === "admin") : [];
  const nav = items.length
    ? html`<nav aria-label="${t("layout.mainNav")}"><ul>${items.map(
        (n) => html`<li><a href="${n.href}"${n.key === p.nav ? raw(' aria-current="page"') : ""}>${t(`nav.${n.key}`)}</a></li>`,
      )}</ul></nav>`
    : "";
  const who = p.staff
    ? html`<div class="who"><a href="/account/password"${p.nav === "account" ? raw(' aria-current="page"') : ""}>${p.staff.email}</a> <span class="role">(${t(`role.${p.staff.role}`)})</span>
<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${p.csrfToken ?? ""}"><button type="submit">${t("layout.signOut")}</button></form></div>`
    : "";
  const scripts = ["/static/dashboard.js", ...(p.scripts ?? [])];
  return html`<!doctype html>
<html lang="${currentLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${p.csrfToken ?? ""}">
<title>${p.title} · pinmail</title>
<link rel="stylesheet" href="/static/dashboard.css">
${scripts.map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">${t("layout.skip")}</a>
<header><a class="brand" href="/">pinmail</a>${nav}${who}</header>
<main id="main" tabindex="-1">
<h1>${p.title}</h1>
${p.body}
</main>
</body>
</html>`.value;
}
