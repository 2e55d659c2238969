// The SMTP transport, built once from validated settings: pooled connections, DKIM signing when
// configured, and the envelope sender pointed where bounces should come back.
import { readFileSync } from "node:fs";
import nodemailer, { type Transporter } from "nodemailer";

export interface TransportSettings {
  smtpUrl: string;
  poolSize: number;
  dkim: { domainName: string; keySelector: string; privateKeyFile: string } | null;
}

export function createTransport(s: TransportSettings): Transporter {
  const url = new URL(s.smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Loopback test servers do not offer TLS; real ones on 587 are upgraded with STARTTLS.
    ignoreTLS: url.searchParams.get("ignoreTLS") === "true",
    requireTLS: url.searchParams.get("requireTLS") === "true",
    pool: true,
    maxConnections: s.poolSize,
    maxMessages: 1000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    dkim: s.dkim ? { ...s.dkim, privateKey: readFileSync(s.dkim.privateKeyFile, "utf8") } : undefined,
  });
}
