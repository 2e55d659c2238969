// The French words for machine names (outcomes, states) that src/web/views/words.ts gives in
// English (issue 20). The machine name stays in the tooltip and the JSON in both languages.
export const OUTCOME_LABELS_FR: Record<string, string> = {
  "pin-issued": "NIP émis",
  "name-mismatch": "Le nom ne correspond pas",
  "name-missing": "Nom manquant",
  "organization-dormant": "Organisation inactive",
  "account-expired": "Compte expiré",
  "primary-user": "Utilisateur principal",
  "not-recognised": "Adresse non reconnue",
  "rate-limited": "Trop de NIP",
  "needs-review": "À réviser",
  rejected: "Refusée",
  inactive: "Inactif dans les registres",
  undecided: "Sans décision",
};

export const STATE_LABELS_FR: Record<string, string> = {
  received: "Reçue",
  processing: "En traitement",
  review: "En révision",
  answered: "Répondue",
  ignored: "Fermée sans réponse",
  failed: "En échec",
  pending: "En attente d’envoi",
  sent: "Envoyée",
  undeliverable: "Non livrable",
  outstanding: "Valide",
  used: "Utilisé",
  revoked: "Révoqué",
  expired: "Expiré",
};

// Reply templates as French staff read them (issue 20, the case page and its timeline).
export const TEMPLATE_LABELS_FR: Record<string, string> = {
  rejected: "Pas de NIP (refus général)",
  "name-mismatch": "Le nom ne correspond pas",
  "name-missing": "Nom manquant",
  "not-recognised": "Adresse non reconnue",
  "organization-dormant": "Organisation inactive",
  "account-expired": "Compte expiré",
  "primary-user": "Utilisateur principal : aucun NIP requis",
  "pin-issued": "NIP émis",
  "follow-up-pin-issued": "NIP émis (relance)",
  "rate-limited": "Trop de NIP aujourd’hui",
  "needs-review": "Envoyée en révision (accusé de réception)",
  "follow-up-review": "Relance jointe au dossier en révision",
  "reminder-primary-dormancy": "Rappel : organisation sur le point de devenir inactive",
  "reminder-account-expiry": "Rappel : compte sur le point d’expirer",
};

export const LOCALE_LABELS_FR: Record<string, string> = { en: "anglais", fr: "français" };
