// The People page and its "Their data" panel (export, erasure, holds).
import type { French } from "./french.js";

export const en = {
  "title.people": "People",

  "pp.searchHint": "name, email or organization",
  "pp.nobody": "Nobody matches.",
  "pp.revoked": "PIN revoked: it no longer works.",
  "pp.registered": "Registered details",
  "pp.inactive": "inactive",
  "pp.language": "Language",
  "pp.asEachRequest": "as each request",
  "pp.lastSignIn": "Last sign-in",
  "pp.pinHistory": "PIN history",
  "pp.reason": "Reason",
  "pp.reasonHint": "reason",
  "pp.revoke": "Revoke",
  "pp.noPin": "No PIN was ever issued.",
  "pp.requests": "Requests",
  "pp.noRequests": "No requests.",

  "pd.title": "Their data",
  "pd.archive": (p: { email: string }) =>
    `Everything pinmail holds about ${p.email}, as a zip archive (PINs never included). The export is recorded in the audit trail.`,
  "pd.download": "Download their data",
  "pd.eraseSummary": "Erase their history at their request",
  "pd.eraseText":
    "Removes their requests, replies, PIN history, reminders and events now; this cannot be undone. Their registered details stay. Anything under a legal hold is kept.",
  "pd.eraseReason": 'Reason (no personal details; e.g. "request received 2027-06-01")',
  "pd.eraseConfirm": "Type their address to confirm",
  "pd.erase": "Erase their history",
  "pd.holdNotChanged": "Legal hold not changed",
  "pd.nothingErased": "Nothing erased",
  "pd.back": "Back",
  "pd.noSuchPerson": "There is no such person.",
  "pd.confirmMismatch": "Nothing was erased: type the person's address exactly to confirm the erasure.",
  "pd.noHistory": "pinmail holds no history about this person.",
};

export const fr: French<typeof en> = {
  "title.people": "Personnes",

  "pp.searchHint": "nom, courriel ou organisation",
  "pp.nobody": "Personne ne correspond.",
  "pp.revoked": "NIP révoqué : il ne fonctionne plus.",
  "pp.registered": "Renseignements inscrits",
  "pp.inactive": "inactive",
  "pp.language": "Langue",
  "pp.asEachRequest": "celle de chaque demande",
  "pp.lastSignIn": "Dernière connexion",
  "pp.pinHistory": "Historique des NIP",
  "pp.reason": "Motif",
  "pp.reasonHint": "motif",
  "pp.revoke": "Révoquer",
  "pp.noPin": "Aucun NIP n’a jamais été émis.",
  "pp.requests": "Demandes",
  "pp.noRequests": "Aucune demande.",

  "pd.title": "Ses données",
  "pd.archive": (p: { email: string }) =>
    `Tout ce que pinmail conserve au sujet de ${p.email}, dans une archive zip (jamais les NIP). L’exportation est consignée dans la piste de vérification.`,
  "pd.download": "Télécharger ses données",
  "pd.eraseSummary": "Effacer son historique à sa demande",
  "pd.eraseText":
    "Supprime dès maintenant ses demandes, réponses, historique des NIP, rappels et événements; c’est irréversible. Ses renseignements inscrits restent. Tout ce qui est sous conservation légale est gardé.",
  "pd.eraseReason": "Motif (aucun renseignement personnel; p. ex. « demande reçue le 2027-06-01 »)",
  "pd.eraseConfirm": "Tapez son adresse pour confirmer",
  "pd.erase": "Effacer son historique",
  "pd.holdNotChanged": "Conservation légale inchangée",
  "pd.nothingErased": "Rien n’a été effacé",
  "pd.back": "Retour",
  "pd.noSuchPerson": "Cette personne n’existe pas.",
  "pd.confirmMismatch": "Rien n’a été effacé : tapez l’adresse de la personne exactement pour confirmer l’effacement.",
  "pd.noHistory": "pinmail ne conserve aucun historique au sujet de cette personne.",
};
