// The template editor's code editor in headless Chromium (issue 20): CodeMirror served from our
// own origin under the strict CSP, line numbers, Liquid/HTML highlighting, two problems marked at
// their lines at once, and a problem in the list taking the cursor to its line.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { launchBrowser, screenshot, watchProblems } from "../harness/browser.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

let h: Harness;
let browser: Browser;
let page: Page;
let problems: string[];
const PASSWORD = "a long admin password";

beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness({ role: "web" }), launchBrowser()]);
  await addStaff(h.db, { email: "ada@admin.test", role: "admin", password: PASSWORD });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  problems = watchProblems(page);
  await page.goto(`${h.url}/login`);
  await page.fill("#email", "ada@admin.test");
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("button[type=submit]")]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** 1-based numbers of the lines of `part`'s editor that carry an error mark. */
const markedLines = (part: string) =>
  page.evaluate((p) => {
    const lines = Array.from(document.querySelectorAll(`.tpl-cm[data-part="${p}"] .cm-line`));
    return lines.map((l, i) => (l.querySelector(".cm-lintRange-error") ? i + 1 : 0)).filter(Boolean);
  }, part);

it("shows two problems at their lines at once, and a problem takes the cursor to its line", async () => {
  await page.goto(`${h.url}/admin/templates/pin-issued/en`);
  const html = page.locator('.tpl-cm[data-part="html"]');
  await html.locator(".cm-lineNumbers").waitFor();
  // Highlighted: tags and Liquid output are styled spans, not plain text.
  expect(await html.locator(".cm-line span[class]").count()).toBeGreaterThan(5);
  // The textarea stays in the form (no script: still works), hidden behind the editor.
  expect(await page.locator("#tpl-text").isHidden()).toBe(true);

  // Sample values typed under Preview show in it (issue 20).
  await page.fill("#tpl-sample-firstName", "Zoë");
  await expect.poll(() => page.textContent("#preview-text"), { timeout: 10_000 }).toContain("Hello Zoë,");

  const text = await page.inputValue("#tpl-text");
  const lines = text.split("\n");
  lines.splice(1, 0, "Mistake one: {{ firstNme }}");
  lines.splice(4, 0, "Mistake two: {{ organisationName }}");
  await page.click('.tpl-cm[data-part="text"] .cm-content');
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(lines.join("\n"));

  await expect.poll(() => page.locator("#preview-errors li").count(), { timeout: 10_000 }).toBe(2);
  const items = await page.locator("#preview-errors li").allTextContents();
  expect(items[0]).toMatch(/text line 2, column \d+: .*firstNme/);
  expect(items[1]).toMatch(/text line 5, column \d+: .*organisationName/);
  await expect.poll(() => markedLines("text")).toEqual([2, 5]);
  // The gutter shows them too.
  expect(await page.locator('.tpl-cm[data-part="text"] .cm-lint-marker-error').count()).toBe(2);
  await page.locator('.tpl-cm[data-part="text"] .cm-scroller').evaluate((el) => (el.scrollTop = 0));
  await screenshot(page, "template-editor");

  await page.locator("#preview-errors li").nth(1).click();
  const active = await page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('.tpl-cm[data-part="text"] .cm-line'));
    return lines.findIndex((l) => l.classList.contains("cm-activeLine")) + 1;
  });
  expect(active).toBe(5);
  expect(await page.evaluate(() => document.activeElement?.closest(".tpl-cm")?.getAttribute("data-part"))).toBe("text");

  // Saving it is refused, as an error, and the marks are still there after the page comes back.
  await Promise.all([page.waitForLoadState("load"), page.click("#tpl-save")]);
  await expect(page.locator(".tpl-flash-error").textContent()).resolves.toMatch(/^Not saved/);
  await expect.poll(() => markedLines("text")).toEqual([2, 5]);
  expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
});
