// The per-account language choice on the account page (issue 20): English, French, or the site
// default (STAFF_LOCALE, stored as NULL so a later change of the default reaches the account).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireStaff } from "../auth/guards.js";
import { describeOnly, errorAnswers, nullable, obj, str } from "../api/schema-kit.js";
import "../auth/types.js";
import { html, raw, type SafeHtml } from "../views/html.js";
import type { Db } from "../../store/prisma.js";
import { recordEvent } from "../../store/audit.js";
import { t } from "./catalog.js";
import { isStaffLocale, STAFF_LOCALES, type StaffLocale } from "./locale.js";

declare module "fastify" {
  interface FastifyInstance {
    /** STAFF_LOCALE: the language of accounts that chose none, and of the sign-in page. */
    staffLocaleDefault: StaffLocale;
  }
}

/** The form on the account page; `site` is the option that follows STAFF_LOCALE. */
export function languageForm(req: FastifyRequest): SafeHtml {
  const chosen = req.staff.locale ?? "";
  const site = req.server.staffLocaleDefault ?? "en";
  const option = (value: string, label: string) => html`<option value="${value}"${value === chosen ? raw(" selected") : ""}>${label}</option>`;
  return html`<form method="post" action="/account/language" class="card narrow" aria-labelledby="h-language">
<h2 id="h-language">${t("ac.language")}</h2>
<input type="hidden" name="_csrf" value="${req.csrfToken}">
<label for="locale">${t("ac.language")}</label>
<select id="locale" name="locale">${option("", t("ac.languageDefault", { site: t(`lang.${site}`) }))}${STAFF_LOCALES.map((l) => option(l, t(`lang.${l}`)))}</select>
<button type="submit">${t("ac.saveLanguage")}</button>
</form>`;
}

export function accountLanguageRoutes(app: FastifyInstance, db: Db): void {
  // Forms post `locale`; scripts may PUT JSON {"locale": "fr" | null} to the API twin.
  const save = async (req: FastifyRequest): Promise<"saved" | "invalid"> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const v = body["locale"];
    const locale = v === "" || v === null ? null : isStaffLocale(v) ? v : undefined;
    if (locale === undefined) return "invalid";
    await db.staffAccount.update({ where: { id: req.staff.id }, data: { locale } });
    await recordEvent(db, null, "staff-language-changed", req.staff.email, { locale: locale ?? "default" });
    return "saved";
  };
  app.post("/account/language", { preHandler: requireStaff("support") }, async (req, reply) => {
    const r = await save(req);
    return reply
      .code(303)
      .header("location", `/account/password?done=${r === "saved" ? "language" : "language-invalid"}`)
      .send();
  });
  app.put(
    "/api/account/language",
    {
      preHandler: requireStaff("support"),
      schema: {
        summary: "The signed-in account's language for the staff pages (null: the site default)",
        tags: ["session"],
        body: obj({ locale: { type: ["string", "null"], enum: [...STAFF_LOCALES, "", null] } }),
        response: { 200: obj({ locale: nullable(str), siteDefault: str }), ...errorAnswers(401, 403, 422) },
      },
      ...describeOnly,
    },
    async (req, reply) => {
      const r = await save(req);
      if (r === "invalid") return reply.code(422).send({ error: "invalid", message: "locale: expected en, fr or null (the site default)" });
      const locale = ((req.body ?? {}) as Record<string, unknown>)["locale"];
      return { locale: locale === "" ? null : (locale ?? null), siteDefault: req.server.staffLocaleDefault };
    },
  );
}
