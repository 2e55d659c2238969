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
