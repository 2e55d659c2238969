// French for the template admin, Alerts, Data, "Their data" on People, At risk and the mailbox
// sign-in warnings on the overview (issue 20, part B), on a whole pinmail (real PostgreSQL, Redis)
// with STAFF_LOCALE=fr. Template problems keep their line and column, in the page's words.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../src/reply/load-default-templates.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { seedUser } from "../harness/retention-seed.js";
import { signInSupportAndAdmin } from "../harness/web-session.js";

let h: Harness;
let app: FastifyInstance;
let admin: { cookie: string; csrf: string };
const PASSWORD = "a long staff password 20";

beforeAll(async () => {
  h = await startHarness({ role: "web", env: { STAFF_LOCALE: "fr" } });
  app = h.service.app!;
  ({ admin } = await signInSupportAndAdmin(h.db, app, PASSWORD));
});
afterAll(async () => {
  await h?.stop();
});

const get = (url: string) => app.inject({ url, headers: { cookie: admin.cookie } });
/** The page without its tags: what a reader sees. */
const words = (body: string) =>
  body
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

describe("the admin pages in French", () => {
  it("the overview's mailbox sign-in warnings", async () => {
    const expiresAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const status = {
      state: "connected",
      lastError: null,
      at: new Date().toISOString(),
      auth: { authFailure: { message: "AUTHENTICATE failed" }, credentialExpiry: { what: "client secret", expiresAt } },
    };
    await h.service.redis.set(`${h.env.QUEUE_PREFIX}:mailbox-status`, JSON.stringify(status));
    const text = words((await get("/")).body);
    expect(text).toContain("La connexion échoue : AUTHENTICATE failed");
    expect(text).toMatch(/Expire bientôt : le secret client de la boîte aux lettres expire le .+ \(dans 1[01] jours\)\. Créez-en un nouveau/);
    expect(text).not.toMatch(/Sign-in failing|Expires soon|client secret/);
  });

  it("the template list, editor and history", async () => {
    const list = await get("/admin/templates");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("<title>Modèles de réponse · pinmail</title>");
    const listText = words(list.body);
    expect(listText).toContain("Envoyé quand");
    expect(listText).toContain("Un NIP a été émis");
    expect(listText).toContain("Par défaut");
    expect(listText).not.toMatch(/Sent when|A PIN was issued|nothing needs a restart/);

    const editor = await get("/admin/templates/pin-issued/fr");
    expect(editor.statusCode).toBe(200);
    const editorText = words(editor.body);
    for (const phrase of [
      "Enregistrer une nouvelle version",
      "M’envoyer un essai (à ada@admin.test)",
      "Aperçu",
      "Corps en texte brut",
      "Variables de pin-issued",
      "Revenir au modèle par défaut",
    ]) {
      expect(editorText).toContain(phrase);
    }
    expect(editorText).not.toMatch(/Save new version|Send me a test|Plain-text body|Reset to the default/);
    expect(editor.body).toContain('data-at="ligne {line}, colonne {column} :"');

    const history = await get("/admin/templates/pin-issued/fr/history");
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain("<title>Historique de pin-issued (fr) · pinmail</title>");
    expect(words(history.body)).toContain("Retour à l’éditeur");
    expect(words(history.body)).toContain("Comparer");
  });

  it("a refused save lists every problem, with its line and column, in plain words", async () => {
    const source = loadDefaultTemplates().templates.get("pin-issued.en")!;
    const lines = source.html.split("\n").length;
    const r = await app.inject({
      method: "POST",
      url: "/admin/templates/pin-issued/en",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      payload: {
        _csrf: admin.csrf,
        subject: source.subject,
        html: `${source.html}\n<p>{% for item %}x{% endfor %}</p>\n<p>{% bogus %}</p>`,
        text: source.text ?? "",
        note: "",
      },
    });
    expect(r.statusCode).toBe(422);
    const text = words(r.body);
    expect(text).toContain("Non enregistré : corrigez les problèmes indiqués sous Aperçu.");
    // The problems in French too, from their codes (issue 14: typed problems); the API keeps the English.
    expect(text).toContain(`html ligne ${lines + 1}, colonne 4 : La balise {% for %} est mal écrite; écrivez-la ainsi : {% for item in list %}`);
    expect(text).toContain(`html ligne ${lines + 2}, colonne 4 : Il n’y a pas de balise nommée « bogus » : vérifiez son orthographe`);
    expect(text).not.toMatch(/illegal tag|tag "bogus" not found|is not written correctly|There is no tag named/);
  });

  it("the editor's live preview lists the problems in French; the JSON API keeps its English", async () => {
    const source = loadDefaultTemplates().templates.get("pin-issued.en")!;
    const editor = await get("/admin/templates/pin-issued/en");
    expect(editor.body).toContain('data-preview-url="/admin/templates/pin-issued/en/preview"');
    expect(editor.body).toContain('data-done="Aperçu à jour."');
    const payload = { subject: "PIN {{ pinn }}", html: source.html, text: source.text };
    const headers = { cookie: admin.cookie, "x-csrf-token": admin.csrf, accept: "application/json" };
    const page = await app.inject({ method: "POST", url: "/admin/templates/pin-issued/en/preview", headers, payload });
    expect(page.statusCode).toBe(422);
    const said = (page.json() as { errors: Array<{ part: string; line: number; column: number; message: string }> }).errors;
    expect(said[0]).toMatchObject({ part: "subject", line: 1 });
    expect(said[0]!.message).toMatch(/^Variable inconnue « pinn »\. Ce modèle peut utiliser : /);
    const api = await app.inject({ method: "POST", url: "/api/templates/pin-issued/en/preview", headers, payload });
    expect(api.statusCode).toBe(422);
    expect((api.json() as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/^Unknown variable "pinn"\. This template can use: /);
    const rendered = await app.inject({
      method: "POST",
      url: "/admin/templates/pin-issued/en/preview",
      headers,
      payload: { ...payload, subject: source.subject },
    });
    expect(rendered.statusCode).toBe(200);
    expect((rendered.json() as { text: string }).text).toContain("PIN: ");
  });

  it("the Alerts page and the banner", async () => {
    await h.db.alert.create({
      data: {
        name: "delivery-failed",
        state: "open",
        since: new Date(Date.now() - 3_600_000),
        text: "2 replies could not be delivered",
        deliveries: [
          { channel: "email", event: "open", status: "sent", attempts: 2, lastError: null, sentAt: new Date().toISOString(), nextAt: null },
          { channel: "webhook", event: "open", status: "pending", attempts: 3, lastError: "HTTP 500", sentAt: null, nextAt: null },
        ],
      },
    });
    const page = await get("/alerts");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<title>Alertes · pinmail</title>");
    const text = words(page.body);
    expect(text).toContain("En cours (1)");
    expect(text).toContain("des réponses n’ont pas pu être livrées");
    expect(text).toMatch(/Courriel \(alerte\) envoyé le .+ après 2 tentatives/);
    expect(text).toContain("Webhook (alerte) pas encore envoyé : 3 tentatives échouées (HTTP 500), nouvel essai en cours");
    expect(text).toContain("Toujours en cours");
    expect(text).not.toMatch(/Still open|Open now|replies could not be delivered \(/);
    // The banner on another page.
    const people = words((await get("/people")).body);
    expect(people).toContain("Une alerte est en cours : delivery-failed (des réponses n’ont pas pu être livrées). Voir les alertes");
    // JSON keeps its English machine values.
    const api = (await get("/api/alerts")).json() as { open: Array<{ alert: string }> };
    expect(api.open.map((a) => a.alert)).toEqual(["delivery-failed"]);
  });

  it("the Data page, and Their data on People", async () => {
    const data = await get("/data");
    expect(data.body).toContain("<title>Données · pinmail</title>");
    expect(words(data.body)).toMatch(/Conservation en vigueur|La conservation n’est pas configurée dans ce processus\./);
    expect(words(data.body)).not.toMatch(/Retention in force|Retention is not configured/);

    const user = await seedUser(h.db, "marie@example.test", { first: "Marie", last: "Tremblay" });
    const person = words((await get(`/people/${user.id}`)).body);
    expect(person).toContain("Ses données");
    expect(person).toContain("Télécharger ses données");
    expect(person).toContain("Tapez son adresse pour confirmer");
    expect(person).not.toMatch(/Their data|Download their data/);
    const refused = await app.inject({
      method: "POST",
      url: `/people/${user.id}/erase`,
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      payload: { _csrf: admin.csrf, reason: "test", confirm: "someone@else.test" },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("<title>Rien n’a été effacé · pinmail</title>");
    expect(words(refused.body)).toContain("tapez l’adresse de la personne exactement pour confirmer");
  });

  it("the At risk page", async () => {
    const page = await get("/at-risk?within=30");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<title>À risque · pinmail</title>");
    const text = words(page.body);
    expect(text).toContain("Devient inactive dans les prochains");
    expect(text).toContain("30 jours");
    expect(text).toMatch(/\d+ organisations?; \d+ utilisateurs seraient bloqués\./);
    expect(text).not.toMatch(/Goes dormant in the next|would be locked out/);
  });
});
