// Issue 13.10 through the real pipeline: a PIN reply whose delivery is given up (the relay keeps
// answering 451 until the retries run out) loses its sealed copy, so the PIN is kept nowhere.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;
let refusing: SmtpCatcher;
let rcptAttempts = 0;

beforeAll(async () => {
  refusing = await startSmtpCatcher({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), "pinmail-smtp-")),
    lmtp: false,
    hooks: {
      onRcptTo: () => {
        rcptAttempts++;
        throw Object.assign(new Error("4.3.2 try again later"), { responseCode: 451 });
      },
    },
  });
  h = await startHarness({
    records: testRecords(),
    env: { SMTP_URL: `smtp://127.0.0.1:${refusing.port}`, SMTP_RETRY_ATTEMPTS: "2", SMTP_RETRY_BASE_MS: "100" },
  });
});
afterAll(async () => {
  await h?.stop();
  await refusing?.close();
});

describe("sealed copy of a PIN reply", () => {
  it("is wiped when delivery fails for good; the request goes to review", async () => {
    const mail = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
    await h.append(mail.raw);
    let row = null;
    for (let i = 0; i < 300; i++) {
      const req = await h.db.inboundRequest.findUnique({ where: { messageKey: mail.messageId! } });
      row = req ? await h.db.outboundMessage.findFirst({ where: { requestId: req.id } }) : null;
      if (row?.status === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row?.template).toBe("pin-issued");
    expect(row?.status).toBe("failed");
    expect(rcptAttempts).toBeGreaterThanOrEqual(2);
    expect(row?.encrypted).toBeNull();
    const req = await h.db.inboundRequest.findUniqueOrThrow({ where: { messageKey: mail.messageId! } });
    expect(req.state).toBe("review");
  });
});
