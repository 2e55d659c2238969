// Builds raw RFC 5322 messages for tests (CRLF line ends, as a mail server stores them).
import { randomBytes } from "node:crypto";

export interface MailSpec {
  from: string;
  to?: string;
  subject: string;
  body?: string;
  html?: string;
  messageId?: string | null;
  date?: Date;
  headers?: Record<string, string>;
}

export function newMessageId(domain = "sender.example"): string {
  return `<${randomBytes(8).toString("hex")}@${domain}>`;
}

export function buildMail(m: MailSpec): { raw: string; messageId: string | null } {
  const messageId = m.messageId === undefined ? newMessageId(m.from.replace(/^.*@|>$/g, "") || "sender.example") : m.messageId;
  const headers: string[] = [
    `From: ${m.from}`,
    `To: ${m.to ?? "pinmail@pinmail.test"}`,
    `Subject: ${m.subject}`,
    `Date: ${(m.date ?? new Date()).toUTCString()}`,
    "MIME-Version: 1.0",
  ];
  if (messageId) headers.push(`Message-ID: ${messageId}`);
  for (const [k, v] of Object.entries(m.headers ?? {})) headers.push(`${k}: ${v}`);
  if (m.html !== undefined) {
    headers.push("Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit");
    return { raw: `${headers.join("\r\n")}\r\n\r\n${m.html.replace(/\r?\n/g, "\r\n")}\r\n`, messageId };
  }
  headers.push("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
  return { raw: `${headers.join("\r\n")}\r\n\r\n${(m.body ?? "").replace(/\r?\n/g, "\r\n")}\r\n`, messageId };
}
