// Which SMTP failures are worth retrying. 5xx is permanent except 503 (bad sequence, often a
// transient server state), authentication refusals (a token or password problem is ours and
// passes, the recipient is fine) and providers' throttling answers (Exchange Online and Gmail
// answer some rate and quota limits with 5.x.x). 4xx, timeouts and dropped connections are
// transient.
export type SmtpFailure = { permanent: boolean; code: number | null; message: string; auth: boolean };

const AUTH_CODES = new Set([530, 534, 535, 538, 454]);
// Exchange Online refusing MAIL FROM because the app may not send as that address (no
// Add-RecipientPermission): a setup problem on our side, the same for every reply.
const SEND_AS_DENIED = /5\.7\.60|send as this sender|SendAsDenied/i;
// nodemailer's own refusals, made before the server is asked (no SMTP code): "No recipients
// defined", "Invalid recipient", "Empty message", a message over the server's SIZE, content asking
// for a file or URL. The same row fails the same way on every retry, so it is permanent at once
// and the reply shows on the Failures page instead of retrying for ever (issue 15.4).
const LOCAL_REFUSALS = new Set(["EENVELOPE", "EMESSAGE", "EFILEACCESS", "EURLACCESS"]);
// "Daily user sending quota exceeded" (Gmail 550 5.4.5), "SubmissionQuotaExceededException" and
// "Message rate limit exceeded" (Exchange 554 5.2.0 / 4.x.x): the sender waits, the mail is fine.
const THROTTLED = /quota|throttl|rate limit|sending limit|limit exceeded|exceeded .{0,40}limit|too many (messages|connections|recipients)|try again later/i;

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = err as { responseCode?: number; code?: string; message?: string; response?: string; name?: string };
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const message = (e.response ?? e.message ?? String(err)).slice(0, 500);
  const auth = e.code === "EAUTH" || e.code === "ENOAUTH" || e.name === "TokenError" || (code !== null && AUTH_CODES.has(code)) || SEND_AS_DENIED.test(message);
  if (auth) return { permanent: false, code, message, auth: true };
  if (code !== null && code >= 500 && code < 600 && code !== 503 && !THROTTLED.test(message)) return { permanent: true, code, message, auth: false };
  if (code === null && typeof e.code === "string" && LOCAL_REFUSALS.has(e.code)) return { permanent: true, code, message, auth: false };
  // Recipients refused outright come back as EENVELOPE with the server's 5xx code.
  return { permanent: false, code, message, auth: false };
}
