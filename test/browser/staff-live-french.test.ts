// Issue 20 in real headless Chromium against a whole running pinmail: the Requests and Review
// lists follow new requests live without losing filters or scroll position, the overview's
// banner turns red when the server stops answering, and the staff UI in French.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { launchBrowser, screenshot, signInAs, watchProblems } from "../harness/browser.js";
import { testRecords } from "../fixtures/records.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

let h: Harness;
let browser: Browser;
let page: Page;
let problems: string[];
const PASSWORD = "a long support password";
const OLD = () => new Date(Date.now() - 40 * 86_400_000);

async function rowOf(messageId: string, state: string | "settled") {
  for (let i = 0; i < 150; i++) {
    const row = await h.db.inboundRequest.findUnique({ where: { messageKey: messageId } });
    if (row && (row.state === state || (state === "settled" && !["received", "processing"].includes(row.state)))) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${messageId} never reached ${state}`);
}

beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness({ records: testRecords(), env: { STAFF_LOCALE: "en" } }), launchBrowser()]);
  await addStaff(h.db, { email: "lea@support.test", role: "support", password: PASSWORD });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 600 } })).newPage();
  problems = watchProblems(page);
  await signInAs(page, h.url, "lea@support.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe("live lists", () => {
  it("a new request appears in an open, filtered Requests page; filters and scroll stay", async () => {
    // Enough requests that the page scrolls (unknown senders: each one is answered once).
    const padding = Array.from({ length: 14 }, (_, i) =>
      buildMail({ from: `Someone ${i} <someone${i}@northwind.test>`, subject: `PIN Reset ${i}`, body: `First name: Some\nLast name: One${i}` }),
    );
    for (const m of padding) await h.append(m.raw);
    await Promise.all(padding.map((m) => rowOf(m.messageId!, "settled")));
    await page.goto(`${h.url}/requests?q=northwind`);
    await page.fill("#f-q", "typed but not submitted");
    await page.selectOption("#f-outcome", "pin-issued");
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
      window.scrollTo(0, 400);
    });
    const firstBefore = await page.locator("table.requests tbody tr").first().getAttribute("data-ref");
    const anchorRef = await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll("table.requests tbody tr[data-ref]"));
      const r = rows.find((tr) => tr.getBoundingClientRect().top >= 0)!;
      return { ref: r.getAttribute("data-ref")!, top: r.getBoundingClientRect().top };
    });

    const mail = buildMail({ from: "Maria Santos <maria.santos@northwind.test>", subject: "PIN Reset live", body: "First name: Maria\nLast name: Santos" });
    await h.append(mail.raw);
    const row = await rowOf(mail.messageId!, "settled");
    const fresh = page.locator(`table.requests tbody tr[data-ref="${row.reference}"]`);
    await fresh.waitFor({ timeout: 15_000 });
    expect(await fresh.getAttribute("class")).toContain("is-new");
    // On top, no reload, the typed filter and the state filter kept, the row in view where it was.
    expect(await page.locator("table.requests tbody tr").first().getAttribute("data-ref")).toBe(row.reference);
    expect(firstBefore).not.toBe(row.reference);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.inputValue("#f-q")).toBe("typed but not submitted");
    expect(await page.inputValue("#f-outcome")).toBe("pin-issued");
    const anchorNow = await page.evaluate((ref) => document.querySelector(`tr[data-ref="${ref}"]`)!.getBoundingClientRect().top, anchorRef.ref);
    expect(Math.abs(anchorNow - anchorRef.top)).toBeLessThan(2);
    await expect(page.locator("[data-live-announce]").textContent()).resolves.toContain("1");
    await screenshot(page, "requests-live");
  });

  it("a new case appears in an open Review page, and the count follows", async () => {
    await page.goto(`${h.url}/review`);
    const mail = buildMail({
      from: "Anne-Marie van der Berg <am@northwind.test>",
      subject: "PIN Reset (old)",
      body: "First name: Anne-Marie\nLast name: van der Berg",
    });
    await h.append(mail.raw, { internalDate: OLD() });
    const row = await rowOf(mail.messageId!, "review");
    await page.locator(`tr[data-ref="${row.reference}"]`).waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-live-text="count"]').textContent()).resolves.toMatch(/^1 case in review/);
  });

  it("the overview's banner turns red when the server stops answering, and green again", async () => {
    await page.goto(`${h.url}/`);
    const banner = page.locator(".status-banner");
    // Real worker and mailbox are up in this harness (a whole pinmail): the banner starts green.
    await expect(banner.getAttribute("class")).resolves.toContain("ok-banner");
    await page.route("**/partials/**", (r) => r.abort("connectionrefused"));
    await page.locator(".status-banner.is-down").waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute("role")).toBe("alert");
    expect(await banner.innerText()).toContain("The server does not answer");
    const colour = await banner.evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(colour).toBe("rgb(164, 22, 26)");
    await screenshot(page, "overview-server-down");
    await page.unroute("**/partials/**");
    await page.locator(".status-banner.is-down").waitFor({ state: "detached", timeout: 15_000 });
    expect(await page.locator(".status-banner").innerText()).toContain("up");
    // The refused connections were ours.
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes("ERR_CONNECTION_REFUSED")));
  });
});

describe("French for staff", () => {
  it("an account switches to French on the account page; every page speaks French", async () => {
    await page.goto(`${h.url}/account/password`);
    await page.selectOption("#locale", "fr");
    await Promise.all([page.waitForURL("**/account/password?done=language"), page.click('button:text("Save language")')]);
    await expect(page.locator("p.notice").textContent()).resolves.toBe("Langue enregistrée.");
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    await page.goto(`${h.url}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Vue d’ensemble");
    const nav = await page.locator("nav").innerText();
    for (const w of ["Demandes", "Révision", "Personnes", "Échecs"]) expect(nav).toContain(w);
    expect(await page.locator("main").innerText()).toContain("Demandes aujourd’hui");
    await screenshot(page, "overview-fr");
    await page.goto(`${h.url}/requests`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Demandes");
    await expect(page.locator("thead").first().innerText()).resolves.toContain("Référence");
    // Outcomes and states in French words, the machine name in the tooltip.
    const badge = page.locator("table.requests .badge.outcome-not-recognised").first();
    await expect(badge.innerText()).resolves.toBe("Adresse non reconnue");
    await expect(badge.getAttribute("title")).resolves.toBe("not-recognised");
    // Dates as French writes them ("6 déc. 2026, 14 h 05" or similar: the month in French).
    const when = await page.locator("table.requests tbody time").first().innerText();
    expect(when).toMatch(/(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)/);
    await page.goto(`${h.url}/review`);
    await expect(page.locator('[data-live-text="count"]').textContent()).resolves.toMatch(/^1 dossier en révision/);
    await screenshot(page, "review-fr");
    // The API stays English.
    const api = await page.evaluate(async () => (await fetch("/api/review")).json());
    expect(Object.keys(api)).toEqual(["cases"]);
    expect(problems).toEqual([]);
  });
});
