// The staff pages' catalogue (issue 20): both languages complete, values filled in, numbers and
// dates written the way each language writes them, and the request's locale chosen right.
import { describe, expect, it } from "vitest";
import { en, fr, t, tIn, tMaybe } from "../../../src/web/i18n/catalog.js";
import { dateTimeFormat, formatNumber } from "../../../src/web/i18n/format.js";
import { chooseLocale, currentLocale, withLocale } from "../../../src/web/i18n/locale.js";
import { renderPage } from "../../../src/web/views/layout.js";
import { html } from "../../../src/web/views/html.js";
import { due } from "../../../src/web/views/format.js";

describe("catalogue", () => {
  it("has every English key in French, none empty, and French differs where words are expected", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(fr)) if (typeof v === "string") expect(v.trim(), k).not.toBe("");
    expect(fr["nav.requests"]).not.toBe(en["nav.requests"]);
  });

  it("fills in values and formats numbers per locale", () => {
    expect(tIn("en", "rv.count", { n: 1 })).toBe("1 case in review");
    expect(tIn("en", "rv.count", { n: 12345 })).toBe("12,345 cases in review");
    // French groups thousands with a (narrow) no-break space, which never wraps.
    expect(tIn("fr", "rv.count", { n: 12345 })).toMatch(/^12[\u00a0\u202f]345 dossiers en révision$/);
    expect(tIn("fr", "due.businessDays", { n: 2 })).toBe("2 jours ouvrables");
  });

  it("reads the locale of the request being rendered", () => {
    expect(currentLocale()).toBe("en");
    expect(t("nav.people")).toBe("People");
    expect(withLocale("fr", () => t("nav.people"))).toBe("Personnes");
    expect(withLocale("fr", () => tMaybe("mailbox", "connected"))).toBe("connectée");
    expect(tMaybe("mailbox", "something-new")).toBe("something-new");
  });

  it("formats dates per locale in the given zone", () => {
    const d = new Date("2026-12-06T19:05:00Z");
    expect(dateTimeFormat("America/Toronto", "en").format(d)).toContain("14:05");
    expect(dateTimeFormat("America/Toronto", "fr").format(d)).toMatch(/6 déc\.? 2026/);
    expect(formatNumber(1000000, "en")).toBe("1,000,000");
  });

  it("an account's own choice wins over STAFF_LOCALE; anything else falls back to it", () => {
    expect(chooseLocale("fr", "en")).toBe("fr");
    expect(chooseLocale(null, "fr")).toBe("fr");
    expect(chooseLocale("de", "en")).toBe("en");
  });
});

describe("pages in French", () => {
  it("the frame: lang attribute, navigation, sign-out", () => {
    const page = withLocale("fr", () =>
      renderPage({ title: "Demandes", staff: { email: "a@b.test", role: "admin" }, csrfToken: "x", body: html`<p>…</p>`, nav: "requests" }),
    );
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain(">Vue d’ensemble</a>");
    expect(page).toContain(">Données</a>");
    expect(page).toContain("Se déconnecter");
    expect(page).not.toContain(">Overview<");
  });

  it("due dates in business days", () => {
    const now = new Date("2026-12-07T15:00:00Z"); // a Monday
    const out = withLocale("fr", () => due("2026-12-09T15:00:00Z", "review", now).value);
    expect(out).toContain("2 jours ouvrables");
    expect(withLocale("fr", () => due("2026-12-01T15:00:00Z", "review", now).value)).toContain("En retard");
  });
});
