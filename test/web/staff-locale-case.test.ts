// The case page in French (issue 20, "French for staff"): a French-speaking account sees the
// request card, the decision panel, the message, the legal hold card, the timeline sentences and
// the refusal of a review action in French, dates written the French way; an English account sees
// the same case in English; the JSON keeps English field names and machine values.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildMail } from "../harness/mail.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { signIn, signInSupportAndAdmin, type StaffSession } from "../harness/web-session.js";
import { testRecords } from "../fixtures/records.js";
import { makeReference } from "../../src/core/reference.js";
import { recordEvent } from "../../src/store/audit.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

let h: Harness;
let app: FastifyInstance;
const PASSWORD = "support password 1";
let english: StaffSession;
let french: StaffSession;

/** A review case for an expired account, as intake and verification would leave it, with its timeline. */
async function expiredCase() {
  const sender = "omar@northwind.test";
  const raw = Buffer.from(buildMail({ from: sender, subject: "PIN Reset", body: "Bonjour,\n\nNom : Omar Haddad\n\nMerci" }).raw);
  const reference = makeReference(new Date());
  const user = await h.db.portalUser.findUniqueOrThrow({ where: { email: sender } });
  const r = await h.db.inboundRequest.create({
    data: {
      reference,
      messageKey: `<${reference}@seed.test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: 1,
      sender,
      subject: "PIN Reset",
      kind: "reset",
      language: "fr",
      state: "review",
      outcome: "needs-review",
      parsedFirstName: "Omar",
      parsedLastName: "Haddad",
      nameSource: "labelled",
      reviewReason: "too old: arrived 20 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)",
      userId: user.id,
      disposition: "processed",
      rawSource: new Uint8Array(raw),
      rawSize: raw.length,
    },
  });
  await recordEvent(h.db, r.id, "received", "pinmail", { mailbox: "INBOX", uid: 1, size: raw.length });
  await recordEvent(h.db, r.id, "classified", "pinmail", {
    kind: "reset",
    language: "fr",
    name: { firstName: "Omar", lastName: "Haddad", source: "labelled" },
    review: null,
  });
  await recordEvent(h.db, r.id, "verified", "pinmail", {
    outcome: "needs-review",
    state: "review",
    why: "too old: arrived 20 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)",
  });
  await recordEvent(h.db, r.id, "reply-queued", "pinmail", { template: "needs-review", locale: "fr", to: sender });
  await recordEvent(h.db, r.id, "staff-assigned", "sam@support.test", { to: "sam@support.test" });
  // A PIN event from an earlier decision, for the day written in the sentence.
  await recordEvent(h.db, r.id, "pin-issued", "sam@support.test", { expiresAt: "2026-12-19T17:00:00Z", revokedEarlier: 1 });
  return r;
}

beforeAll(async () => {
  h = await startHarness({ records: testRecords() });
  app = h.service.app!;
  ({ support: english } = await signInSupportAndAdmin(h.db, app, PASSWORD));
  await addStaff(h.db, { email: "lea@support.test", role: "support", password: PASSWORD });
  french = await signIn(app, "lea@support.test", PASSWORD);
  const chosen = await app.inject({
    method: "PUT",
    url: "/api/account/language",
    headers: { cookie: french.cookie, "x-csrf-token": french.csrf },
    payload: { locale: "fr" },
  });
  expect(chosen.statusCode).toBe(200);
});
afterAll(async () => {
  await h?.stop();
});

it("a French-speaking account reads the case page, its panel and its timeline in French", async () => {
  const r = await expiredCase();
  const page = await app.inject({ url: `/requests/${r.reference}`, headers: { cookie: french.cookie } });
  expect(page.statusCode).toBe(200);
  const body = page.body;
  expect(body).toContain('<html lang="fr">');
  expect(body).toContain(`<title>Demande ${r.reference} · pinmail</title>`);
  // The request card.
  for (const words of [
    ">Demande</h2>",
    "<dt>Prise en charge par pinmail</dt>",
    "Demande de réinitialisation de NIP",
    "<dt>Nom lu</dt>",
    "(lu dans les lignes étiquetées)",
    "<dt>Langue</dt><dd>français</dd>",
    "<dt>Motif de la révision</dt><dd>reçue 20 jours avant que pinmail la prenne en charge, au-delà de la limite de 14 jours</dd>",
    "<dt>Personne trouvée</dt>",
    "<dt>Source brute</dt>",
  ])
    expect(body, words).toContain(words);
  // The decision panel: why no PIN, what to do instead, the reject form; no Approve.
  for (const words of [
    ">Décider</h2>",
    "Ce que disent les règles",
    "<strong>Compte expiré</strong> le ",
    "Aucun NIP ne peut être émis.",
    "Le robot aurait répondu « Compte expiré » : le compte a expiré le ",
    "Que faire plutôt :",
    "Note interne (consignée pour le personnel, jamais envoyée)",
    ">Pas de NIP (refus général)</option>",
    "La réponse sera envoyée en <strong>français</strong>, la langue de son message.",
    ">Prévisualiser la réponse</button>",
    ">Corriger le nom et relancer</button>",
  ])
    expect(body, words).toContain(words);
  expect(body).not.toContain("Approuver et envoyer le NIP");
  // The message, the hold card.
  expect(body).toContain(">Ce que la personne a écrit</h2>");
  expect(body).toContain(">Conservation légale</h2>");
  expect(body).toContain("Pas sous conservation : cette demande suit la conservation habituelle.");
  // The timeline: sentences in French, details folded away, dates the French way.
  for (const words of [
    ">Chronologie</h2>",
    "Reçue dans la boîte aux lettres",
    "Lue comme une demande de réinitialisation de NIP en français. Nom lu dans les lignes étiquetées : Omar Haddad",
    "Envoyée en révision : reçue 20 jours avant que pinmail la prenne en charge, au-delà de la limite de 14 jours",
    "Réponse « Envoyée en révision (accusé de réception) » en français préparée pour omar@northwind.test",
    "Attribuée à sam@support.test",
    "NIP émis par sam@support.test, expire le 19 déc. 2026; le NIP précédent ne fonctionne plus",
    "<summary>Détails</summary>",
    "<dt>Événement</dt>",
  ])
    expect(body, words).toContain(words);
  // French dates: "6 déc. 2026, 14 h 05" style, never the English "Dec 6, 2026".
  expect(body).toMatch(/<time datetime="[^"]+">\d{1,2} [a-zéû]+\.? \d{4}/);
  expect(body).not.toMatch(/<time datetime="[^"]+">[A-Z][a-z]{2} \d{1,2}, \d{4}/);
  // Nothing English left in the sentences of the case page.
  for (const english of ["Received from the mailbox", "What the rules say", "Internal note", "Timeline", "Legal hold", "Read as a", "Sent to review"])
    expect(body, english).not.toContain(english);
});

it("an English account sees the same case in English; the JSON keeps English names and machine values", async () => {
  const r = await expiredCase();
  const page = await app.inject({ url: `/requests/${r.reference}`, headers: { cookie: english.cookie } });
  expect(page.body).toContain('<html lang="en">');
  expect(page.body).toContain("Received from the mailbox");
  expect(page.body).toContain("PIN issued by sam@support.test, expires Dec 19, 2026; the earlier PIN stopped working");
  expect(page.body).toContain("The bot would have answered “Account expired”: the account expired on ");
  expect(page.body).toContain("Read as a PIN reset request in French. Name read from the labelled lines: Omar Haddad");
  const api = (await app.inject({ url: `/api/requests/${r.reference}`, headers: { cookie: french.cookie } })).json() as Record<string, unknown>;
  expect(api).toMatchObject({ state: "review", outcome: "needs-review", approval: { eligible: false, outcome: "account-expired" } });
  expect(String((api["approval"] as { why: string }).why)).toMatch(/^the account expired on \d{4}-\d{2}-\d{2}/);
});

it("a refused review action and the notice after an action are in French; the API's refusal stays English", async () => {
  const r = await expiredCase();
  const refused = await app.inject({
    method: "POST",
    url: `/requests/${r.reference}/close`,
    headers: { cookie: french.cookie },
    payload: { _csrf: french.csrf, version: "0", note: "" },
  });
  expect(refused.statusCode).toBe(422);
  expect(refused.body).toContain("dites pourquoi le dossier est fermé sans réponse");
  const stale = await app.inject({
    method: "POST",
    url: `/requests/${r.reference}/assign`,
    headers: { cookie: french.cookie },
    payload: { _csrf: french.csrf, version: "7" },
  });
  expect(stale.statusCode).toBe(409);
  expect(stale.body).toContain(`${r.reference} a été modifiée par quelqu’un d’autre entre-temps (maintenant : En révision, À réviser)`);
  const api = await app.inject({
    method: "POST",
    url: `/api/requests/${r.reference}/assign`,
    headers: { cookie: french.cookie, "x-csrf-token": french.csrf },
    payload: { version: 7 },
  });
  expect(api.statusCode).toBe(409);
  expect(api.json().message).toContain("was changed by someone else meanwhile (now review, needs-review)");

  // The bot's rules refuse a PIN (a typed refusal with its reason): French on the page, the API's English unchanged.
  const approve = await app.inject({
    method: "POST",
    url: `/requests/${r.reference}/approve`,
    headers: { cookie: french.cookie },
    payload: { _csrf: french.csrf, version: "0" },
  });
  expect(approve.statusCode).toBe(409);
  expect(approve.body).toMatch(/Aucun NIP ne peut être émis : le compte a expiré le \d{4}-\d{2}-\d{2} : personne ne s’y est connecté depuis 2 ans\./);
  const approveApi = await app.inject({
    method: "POST",
    url: `/api/requests/${r.reference}/approve`,
    headers: { cookie: french.cookie, "x-csrf-token": french.csrf },
    payload: { version: 0 },
  });
  expect(approveApi.statusCode).toBe(409);
  expect(approveApi.json()).toEqual({
    error: "not_eligible",
    message: expect.stringMatching(
      /^No PIN can be issued: the account expired on \d{4}-\d{2}-\d{2}: it has not been signed in to for 2 years\. If the person has signed in since, correct the records and re-run the request; otherwise answer with the “Account expired” reply\.$/,
    ),
  });

  const assigned = await app.inject({
    method: "POST",
    url: `/requests/${r.reference}/assign`,
    headers: { cookie: french.cookie },
    payload: { _csrf: french.csrf, version: "0" },
  });
  expect(assigned.statusCode).toBe(303);
  const after = await app.inject({ url: assigned.headers.location as string, headers: { cookie: french.cookie } });
  expect(after.body).toContain("Le dossier vous est attribué.");
  expect(after.body).toContain("Attribué à <strong>lea@support.test</strong>.");
  expect(after.body).toContain("Attribuée à lea@support.test");
});
