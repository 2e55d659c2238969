// Which SMTP failures are worth retrying. 5xx is permanent except 503 (bad sequence, often a
// transient server state); 4xx, timeouts and dropped connections are transient.
export type SmtpFailure = { permanent: boolean; code: number | null; message: string };

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const message = (e.response ?? e.message ?? String(err)).slice(0, 500);
  if (code !== null && code >= 500 && code < 600 && code !== 503) return { permanent: true, code, message };
  // Recipients refused outright come back as EENVELOPE with the server's 5xx code.
  return { permanent: false, code, message };
}
