// The escaping that every dashboard page relies on (no services).
import { describe, expect, it } from "vitest";
import { escapeHtml, html, raw } from "../../src/web/views/html.js";
import { renderPage } from "../../src/web/views/layout.js";
import { safeNext } from "../../src/web/auth/guards.js";

describe("html``", () => {
  it("escapes every interpolation, in text and in attributes", () => {
    const evil = `<script>alert("x")</script>' onmouseover='y` + "`";
    const out = html`<p title="${evil}">${evil}</p>`.value;
    expect(out).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(out).not.toMatch(/<script|' onmouseover/);
    expect(escapeHtml(`&<>"'\``)).toBe("&amp;&lt;&gt;&quot;&#39;&#96;");
  });

  it("nests SafeHtml and arrays without escaping twice; null, undefined and false print nothing", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe("<ul><li>a&lt;b</li><li>c</li></ul>0");
    expect(html`${raw("<b>ok</b>")}`.value).toBe("<b>ok</b>");
  });

  it("renderPage escapes the title and the staff member's email, and loads only our own assets", () => {
    const page = renderPage({ title: "<i>t</i>", staff: { email: "a<b@x.test", role: "admin" }, csrfToken: 'tok"en', body: html`<p>body</p>` });
    expect(page).toContain("<title>&lt;i&gt;t&lt;/i&gt; · pinmail</title>");
    expect(page).toContain("a&lt;b@x.test");
    expect(page).toContain('value="tok&quot;en"');
    expect(page).toContain('href="/admin/queues"');
    expect([...page.matchAll(/(?:src|href)="(https?:)?\/\//g)]).toEqual([]);
    const support = renderPage({ title: "t", staff: { email: "s@x.test", role: "support" }, csrfToken: "t", body: html`` });
    expect(support).not.toContain('href="/admin/');
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeNext("/requests?q=a")).toBe("/requests?q=a");
    for (const bad of ["//evil.test", "/\\evil.test", "https://evil.test", "javascript:alert(1)", "", undefined, 42]) expect(safeNext(bad)).toBe("/");
  });
});
