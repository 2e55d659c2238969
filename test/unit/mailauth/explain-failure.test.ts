import { describe, expect, it } from "vitest";
import { explainServerRefusal, explainTokenFailure } from "../../../src/mailauth/explain-failure.js";
import { classifySmtpError } from "../../../src/outbox/smtp-error.js";

describe("explaining sign-in failures", () => {
  it("names the expired Microsoft client secret and what to do", () => {
    const f = explainTokenFailure("microsoft", "invalid_client: AADSTS7000222: The provided client secret keys for app 'x' are expired.");
    expect(f.reason).toBe("secret_expired");
    expect(f.message).toMatch(/AADSTS7000222.*: the client secret expired: create a new one in the app registration/);
  });
  it.each([
    ["microsoft", "AADSTS65001: The user or administrator has not consented", "consent"],
    ["microsoft", "AADSTS7000215: Invalid client secret provided.", "invalid_client"],
    ["google", "unauthorized_client (Client is unauthorized to retrieve access tokens using this method)", "not_allowed"],
    ["oauth2", "token endpoint answered invalid_client (client authentication failed)", "invalid_client"],
    ["oauth2", "token endpoint 127.0.0.1:9 unreachable: ECONNREFUSED", "unreachable"],
    ["oauth2", "token endpoint answered HTTP 500", "other"],
  ] as const)("%s: %s -> %s", (provider, said, reason) => {
    expect(explainTokenFailure(provider, said).reason).toBe(reason);
  });
  it("a refused token points at the mailbox grant, a refused password at the password", () => {
    expect(explainServerRefusal("IMAP", "microsoft", "NO [AUTHENTICATIONFAILED] Authentication failed.").message).toMatch(
      /^IMAP refused the token .*Add-MailboxPermission/,
    );
    expect(explainServerRefusal("SMTP", "password", "535 5.7.8 Error: authentication failed").reason).toBe("password_refused");
  });
});

describe("SMTP failures with providers", () => {
  it.each([
    [{ responseCode: 535, code: "EAUTH", response: "535 5.7.3 Authentication unsuccessful" }, false, true],
    [{ responseCode: 550, response: "550 5.4.5 Daily user sending quota exceeded." }, false, false],
    [{ responseCode: 554, response: "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException" }, false, false],
    [{ responseCode: 452, response: "452 4.5.3 Too many recipients" }, false, false],
    [{ responseCode: 421, response: "421 4.7.0 Try again later, closing connection." }, false, false],
    [{ responseCode: 550, response: "550 5.1.1 The email account that you tried to reach does not exist; separate words" }, true, false],
    [{ responseCode: 552, response: "552 5.3.4 Message size exceeds fixed maximum message size" }, true, false],
    [{ responseCode: 550, response: "550 5.7.60 SMTP; Client does not have permissions to send as this sender" }, false, true],
  ])("%j permanent=%s auth=%s", (err, permanent, auth) => {
    const f = classifySmtpError(err);
    expect([f.permanent, f.auth]).toEqual([permanent, auth]);
  });
});
