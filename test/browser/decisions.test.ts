// Deciding review cases in real headless Chromium against a whole running pinmail (issue 20):
// Approve knows the rules (and the API agrees), a PIN issued before the organization went dormant
// is refused by the enrollment API, the internal note stays inside while the message goes out as
// previewed, the person's message on the case page, and a case nobody can be answered for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildMail } from "../harness/mail.js";
import { API_TOKEN, pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { launchBrowser, screenshot, signInAs, watchProblems } from "../harness/browser.js";
import { testRecords } from "../fixtures/records.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { makeReference } from "../../src/core/reference.js";

let h: Harness;
let browser: Browser;
let page: Page;
let problems: string[];
const PASSWORD = "a long support password";
const OLD = () => new Date(Date.now() - 40 * 86_400_000);
/** Recipients the SMTP receiver refuses for good (550). */
const refused = new Set<string>();

async function rowOf(messageId: string, state: string) {
  for (let i = 0; i < 150; i++) {
    const row = await h.db.inboundRequest.findUnique({ where: { messageKey: messageId } });
    if (row?.state === state) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${messageId} never reached ${state}`);
}

/** An old mail: pinmail answers nothing and hands it to a person (a review case). */
async function reviewCase(from: string, subject: string, body: string) {
  const mail = buildMail({ from, subject, body });
  await h.append(mail.raw, { internalDate: OLD() });
  return rowOf(mail.messageId!, "review");
}

/** The page's own JSON call, with its session and CSRF token. */
async function apiPost(path: string, body: Record<string, unknown>) {
  return page.evaluate(
    async ([p, b]) => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const r = await fetch(p as string, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(b) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    },
    [path, body] as const,
  );
}

beforeAll(async () => {
  const smtpHooks = {
    onRcptTo: (address: string) => {
      if (refused.has(address.toLowerCase())) throw Object.assign(new Error("5.1.1 mailbox unavailable"), { responseCode: 550 });
    },
  };
  [h, browser] = await Promise.all([startHarness({ records: testRecords(), smtpHooks }), launchBrowser()]);
  await addStaff(h.db, { email: "sam@support.test", role: "support", password: PASSWORD });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  page = await context.newPage();
  problems = watchProblems(page);
  await signInAs(page, h.url, "sam@support.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe("deciding a review case in Chromium (issue 20)", () => {
  it("an expired account's case says why, offers no Approve, and the API answers 409", async () => {
    const row = await reviewCase("Omar Haddad <omar@northwind.test>", "PIN Reset (Omar)", "First name: Omar\nLast name: Haddad");
    await page.goto(`${h.url}/requests/${row.reference}`);
    const panel = await page.locator("section.decide").innerText();
    expect(panel).toContain("No PIN can be issued.");
    expect(panel).toMatch(/Account expired/);
    expect(panel).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    expect(panel).toContain("What to do instead");
    expect(await page.locator('button:text("Approve and send PIN")').count()).toBe(0);
    // The matching reply is the one suggested.
    expect(await page.locator("select#template").inputValue()).toBe("account-expired");
    const r = await apiPost(`/api/requests/${row.reference}/approve`, { version: row.version });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ error: "not_eligible" });
    expect(String(r.json["message"])).toMatch(/expired/);
    expect(await h.db.pin.count({ where: { requestId: row.id } })).toBe(0);
    await screenshot(page, "case-expired-account");
  });

  it("a PIN issued before the organization went dormant is then refused by the enrollment API", async () => {
    const mail = buildMail({
      from: "Anne-Marie van der Berg <am@northwind.test>",
      subject: "PIN Reset",
      body: "First name: Anne-Marie\nLast name: van der Berg",
    });
    await h.append(mail.raw);
    await rowOf(mail.messageId!, "answered");
    const [reply] = await h.replies((to) => to.includes("am@northwind.test"));
    const pin = pinOf(reply!)!;
    expect(pin).toMatch(/^\d{8}$/);
    // Later, the organization's primary user is found not to have signed in for 2.5 years.
    await h.db.portalUser.update({
      where: { email: "jean.tremblay@northwind.test" },
      data: { lastSignInAt: new Date(Date.now() - 2.5 * 365.25 * 86_400_000) },
    });
    const res = await fetch(`${h.url}/api/enrollments`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ firstName: "Anne-Marie", lastName: "van der Berg", pin }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ enrolled: false, error: "invalid_pin_or_name" });
    expect((await h.db.pin.findFirstOrThrow({ where: { user: { email: "am@northwind.test" } }, orderBy: { id: "desc" } })).usedAt).toBeNull();
    await h.db.portalUser.update({
      where: { email: "jean.tremblay@northwind.test" },
      data: { lastSignInAt: new Date(Date.now() - 0.3 * 365.25 * 86_400_000) },
    });
  });

  it("a reject sends the message as previewed, never the internal note", async () => {
    const row = await reviewCase(
      "priya@northwind-to.test",
      "PIN Reset (stale)",
      "Hello,\n\nI need a new PIN.\nFirst name: Priya\nLast name: Natarajan\n\nOn Mon, Nov 2, 2026 at 9:00 Old Sender <old@example.test> wrote:\n> quoted history line",
    );
    await page.goto(`${h.url}/requests/${row.reference}`);
    // What the person wrote: the newest part as text, the quoted history folded away.
    const message = await page.locator("section.message-card pre.message-text").innerText();
    expect(message).toContain("I need a new PIN.\nFirst name: Priya\nLast name: Natarajan");
    expect(message).not.toContain("quoted history line");
    expect(await page.locator("section.message-card details").first().getAttribute("open")).toBeNull();
    expect(await page.locator("section.message-card pre.message-text mark.name-found").allInnerTexts()).toEqual(["Priya", "Natarajan"]);
    expect(await page.locator("section.decide").innerText()).toContain("The reply goes in English");
    await page.fill("textarea#reason", "INTERNAL-NOTE-7f3: second stale request this month, watch this address");
    await page.selectOption("select#template", "rejected");
    await page.fill("textarea#message", "Your request is too old to act on; please write to us again.");
    await Promise.all([page.waitForURL(`**/requests/${row.reference}/preview-reply`), page.click('button:text("Preview the reply")')]);
    const preview = await page.locator("pre.preview-text").innerText();
    expect(preview).toContain("Your request is too old to act on; please write to us again.");
    expect(preview).not.toContain("INTERNAL-NOTE-7f3");
    await screenshot(page, "case-reply-preview");
    await Promise.all([page.waitForURL(`**/requests/${row.reference}?done=rejected`), page.click('button:text("Send this reply")')]);
    const [reply] = await h.replies((to, s) => to.includes("priya@northwind-to.test") && s === "Re: PIN Reset (stale)");
    expect(reply!.raw.toString()).not.toContain("INTERNAL-NOTE-7f3");
    expect(reply!.parsed.text).toContain("Your request is too old to act on; please write to us again.");
    const norm = (t: string) =>
      t
        .replace(/\r\n/g, "\n")
        .replace(/[ \t]+\n/g, "\n")
        .trim();
    expect(norm(reply!.parsed.text!)).toBe(norm(preview));
    // Staff still see the note, on the case.
    await expect(page.locator("ol.timeline").innerText()).resolves.toContain("INTERNAL-NOTE-7f3");
  });

  it("a case with no usable sender address offers no Approve and no reply, only closing it", async () => {
    const raw = Buffer.from(buildMail({ from: "MAILER-DAEMON <>", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" }).raw);
    const reference = makeReference(new Date());
    await h.db.inboundRequest.create({
      data: {
        reference,
        messageKey: `<${reference}@seed.test>`,
        mailbox: "INBOX",
        uidValidity: 1n,
        uid: 1,
        sender: "",
        subject: "PIN Reset",
        kind: "reset",
        state: "review",
        outcome: "needs-review",
        reviewReason: "sender authentication: dmarc=fail",
        disposition: "processed",
        rawSource: new Uint8Array(raw),
        rawSize: raw.length,
      },
    });
    await page.goto(`${h.url}/requests/${reference}`);
    const panel = await page.locator("section.decide").innerText();
    expect(panel).toContain("No reply possible.");
    expect(await page.locator('button:text("Approve and send PIN")').count()).toBe(0);
    expect(await page.locator('button:text("Preview the reply")').count()).toBe(0);
    await page.fill("textarea#note", "bounce without a sender");
    await Promise.all([page.waitForURL(`**/requests/${reference}?done=closed`), page.click('button:text("Close without a reply")')]);
    await expect(page.locator("p.notice").first().innerText()).resolves.toContain("Closed without a reply");
    expect(await h.db.inboundRequest.findUniqueOrThrow({ where: { reference } })).toMatchObject({ state: "ignored" });
  });

  it("a reply refused for good never says it is on its way, and is on the Failures page at once", async () => {
    refused.add("maria.santos@northwind.test");
    const row = await reviewCase("Maria Santos <maria.santos@northwind.test>", "PIN Reset (refused)", "First name: Maria\nLast name: Santos");
    await page.goto(`${h.url}/requests/${row.reference}`);
    await Promise.all([page.waitForURL(`**/requests/${row.reference}?done=approved`), page.click('button:text("Approve and send PIN")')]);
    expect(await page.locator("main").innerText()).not.toContain("on its way");
    for (let i = 0; i < 150; i++) {
      if ((await h.db.outboundMessage.findFirst({ where: { requestId: row.id, purpose: "decision" } }))?.status === "undeliverable") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.reload();
    const alert = await page.locator("p.error").first().innerText();
    expect(alert).toContain("could not be sent");
    expect(alert).toContain("Failures page");
    expect(await page.locator("main").innerText()).not.toContain("on its way");
    await page.goto(`${h.url}/failures`);
    const undelivered = await page.locator("section[aria-labelledby=h-undelivered]").innerText();
    expect(undelivered).toContain(row.reference);
    expect(undelivered).toContain("maria.santos@northwind.test");
    refused.clear();
  });

  it("a name mismatch shows both names with the differing characters marked; the README screenshot", async () => {
    const row = await reviewCase("Maria Santos <maria.santos@northwind.test>", "PIN Reset", "Hello,\n\nFirst name: M\u0430ria\nLast name: Santo\n\nThanks");
    await h.db.inboundRequest.update({
      where: { id: row.id },
      data: {
        parsedFirstName: "M\u0430ria",
        parsedLastName: "Santo",
        userId: (await h.db.portalUser.findUniqueOrThrow({ where: { email: "maria.santos@northwind.test" } })).id,
      },
    });
    await page.goto(`${h.url}/requests/${row.reference}`);
    const table = page.locator("table.name-compare");
    expect(await table.locator("mark.char-lookalike").first().getAttribute("title")).toContain("U+0430, a Cyrillic letter");
    expect(await table.locator("mark.char-differs").count()).toBeGreaterThan(0);
    // test-results/screenshots/case-page.png is the README's docs/screenshots/case-page.png.
    await screenshot(page, "case-page");
    // Nothing was blocked by the CSP and no script failed on these pages.
    expect(problems).toEqual([]);
  });
});
