// Sends an alert by mail and by webhook, directly from the evaluating process: not through the
// outbox queue, so an alert still goes out while Redis or the queue is down.
import type { Transporter } from "nodemailer";
import type { AlertEvent, AlertRecord, Channel } from "./alert-book.js";
import { alertMailText, alertSubject, webhookBody, webhookSignature } from "./alert-message.js";

export interface AlertChannelSettings {
  emailTo: string[];
  from: string;
  envelopeFrom: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  dashboardUrl: string | null;
  webhookTimeoutMs?: number;
}

export interface AlertSender {
  readonly channels: Channel[];
  send(channel: Channel, alert: AlertRecord, event: AlertEvent): Promise<void>;
}

export class WebhookError extends Error {
  override name = "WebhookError";
}

export function createAlertSender(s: AlertChannelSettings, transport: Pick<Transporter, "sendMail"> | null): AlertSender {
  const channels: Channel[] = [];
  if (s.emailTo.length && transport) channels.push("email");
  if (s.webhookUrl) channels.push("webhook");
  return {
    channels,
    async send(channel, alert, event) {
      if (channel === "email") {
        if (!transport) throw new Error("no SMTP transport");
        await transport.sendMail({
          from: s.from,
          to: s.emailTo,
          envelope: { from: s.envelopeFrom, to: s.emailTo },
          subject: alertSubject(alert, event),
          text: alertMailText(alert, event, s.dashboardUrl),
          // Machine-made mail: auto-responders stay quiet (RFC 3834) and pinmail never answers it.
          headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All", "X-Pinmail-Alert": `${alert.name}; ${event}` },
        });
        return;
      }
      const body = JSON.stringify(webhookBody(alert, event));
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "pinmail-alerts" };
      if (s.webhookSecret) headers["x-pinmail-signature"] = webhookSignature(body, s.webhookSecret);
      let res: Response;
      try {
        res = await fetch(s.webhookUrl!, { method: "POST", headers, body, signal: AbortSignal.timeout(s.webhookTimeoutMs ?? 10_000), redirect: "error" });
      } catch (err) {
        throw new WebhookError(`webhook unreachable: ${(err as Error).message}`);
      }
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) throw new WebhookError(`webhook answered HTTP ${res.status}`);
    },
  };
}
