// Issue 15.4: a send that fails for a reason no retry can fix is permanent at once. nodemailer
// refuses some sends itself, before the server says anything (no SMTP code); these used to count
// as transient and retried for ever ("No recipients defined").
import { describe, expect, it } from "vitest";
import { classifySmtpError } from "../../../src/outbox/smtp-error.js";

/** An error shaped as nodemailer's smtp-connection makes them (_formatError). */
function nodemailerError(message: string, code: string, response?: string, responseCode?: number) {
  return Object.assign(new Error(message), { code, command: "API", ...(response ? { response } : {}), ...(responseCode ? { responseCode } : {}) });
}

describe("classifySmtpError: nodemailer's own refusals", () => {
  it.each([
    ["No recipients defined", "EENVELOPE"],
    ['Invalid recipient "a\\r\\nb@x.test"', "EENVELOPE"],
    ["Empty message", "EMESSAGE"],
    ["Message size larger than allowed 10240000", "EMESSAGE"],
    ["File access rejected for /etc/passwd", "EFILEACCESS"],
    ["Url access rejected for http://x.test", "EURLACCESS"],
  ])("%s (%s, no SMTP code) is permanent", (message, code) => {
    expect(classifySmtpError(nodemailerError(message, code))).toMatchObject({ permanent: true, code: null, message });
  });

  it("a recipient refused for now by the server (4xx) stays transient", () => {
    expect(classifySmtpError(nodemailerError("Can't send mail - all recipients were rejected", "EENVELOPE", "450 4.2.0 Mailbox busy", 450)).permanent).toBe(
      false,
    );
  });

  it("connection trouble without a code stays transient", () => {
    for (const code of ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ESTREAM"]) expect(classifySmtpError(nodemailerError("x", code)).permanent).toBe(false);
  });
});
