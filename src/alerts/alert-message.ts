// What an alert says, by mail and by webhook. Counts and references only: never a name, an
// address, a PIN or a mail body (the condition texts are built from counts and times).
// English whatever STAFF_LOCALE says (the digest follows it): the subject and the webhook's text
// are matched by mail rules and chat tools, and the condition text is stored once with the alert.
import { createHmac } from "node:crypto";
import { torontoTime } from "./conditions.js";
import type { AlertEvent, AlertRecord } from "./alert-book.js";

export function alertSubject(a: AlertRecord, event: AlertEvent): string {
  return event === "open" ? `[pinmail] ALERT ${a.name}: ${a.text}` : `[pinmail] CLEARED ${a.name}: ${a.clearedText ?? "cleared"}`;
}

export function alertMailText(a: AlertRecord, event: AlertEvent, dashboardUrl: string | null): string {
  const lines = [
    event === "open" ? `pinmail alert "${a.name}" is open.` : `pinmail alert "${a.name}" has cleared.`,
    "",
    `What: ${a.text}`,
    `Since: ${torontoTime(a.since)}`,
  ];
  if (event === "cleared" && a.until) lines.push(`Until: ${torontoTime(a.until)} (${a.clearedText ?? "cleared"})`);
  lines.push("");
  if (dashboardUrl) lines.push(`Alerts on the dashboard: ${dashboardUrl.replace(/\/$/, "")}/alerts`, "");
  lines.push(
    event === "open" ? "You get one more mail when it clears; nothing is repeated while it stays open." : "Nothing more will be sent about this one.",
    'This message was sent automatically by pinmail; see the README section "Alerts and monitoring" to change or turn off alerts.',
  );
  return `${lines.join("\n")}\n`;
}

export interface WebhookBody {
  text: string;
  alert: string;
  state: "open" | "cleared";
  since: string;
  until: string | null;
}

export function webhookBody(a: AlertRecord, event: AlertEvent): WebhookBody {
  return {
    text: alertSubject(a, event),
    alert: a.name,
    state: event,
    since: a.since.toISOString(),
    until: event === "cleared" && a.until ? a.until.toISOString() : null,
  };
}

/** `X-Pinmail-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with ALERT_WEBHOOK_SECRET. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
