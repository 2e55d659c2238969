// The case page's legal hold card.
import type { French } from "./french.js";

export const en = {
  "hd.held": "On legal hold: nothing of it is purged or erased until the hold is lifted.",
  "hd.unheld": "Legal hold lifted: the usual retention applies again.",
  "hd.erased":
    "History erased: requests, replies, PIN history, reminders and events are gone (the registered details stay; anything under a legal hold was kept).",
  "hd.title": "Legal hold",
  "hd.onHold": "On hold",
  "hd.placed": (p: { by: string; reason: string }) => `placed by ${p.by}: ${p.reason}`,
  "hd.since": "since",
  "hd.nothingPurged.person": "Nothing of this person's data is purged or erased while the hold lasts.",
  "hd.nothingPurged.request": "Nothing of this request is purged or erased while the hold lasts.",
  "hd.notOnHold.person": "Not on hold: this person's data follows the usual retention.",
  "hd.notOnHold.request": "Not on hold: this request follows the usual retention.",
  "hd.lift": "Lift the hold",
  "hd.reason": "Reason (required)",
  "hd.reasonHint": "e.g. access request file number",
  "hd.put": "Put on hold",
};

export const fr: French<typeof en> = {
  "hd.held": "Sous conservation légale : rien n’est purgé ni effacé tant que la conservation n’est pas levée.",
  "hd.unheld": "Conservation légale levée : la conservation habituelle s’applique de nouveau.",
  "hd.erased":
    "Historique effacé : les demandes, réponses, l’historique des NIP, les rappels et les événements ont été supprimés (les renseignements inscrits restent; tout ce qui est sous conservation légale a été gardé).",
  "hd.title": "Conservation légale",
  "hd.onHold": "Sous conservation",
  "hd.placed": (p: { by: string; reason: string }) => `demandée par ${p.by} : ${p.reason}`,
  "hd.since": "depuis le",
  "hd.nothingPurged.person": "Rien des données de cette personne n’est purgé ni effacé pendant la conservation.",
  "hd.nothingPurged.request": "Rien de cette demande n’est purgé ni effacé pendant la conservation.",
  "hd.notOnHold.person": "Pas sous conservation : les données de cette personne suivent la conservation habituelle.",
  "hd.notOnHold.request": "Pas sous conservation : cette demande suit la conservation habituelle.",
  "hd.lift": "Lever la conservation",
  "hd.reason": "Motif (obligatoire)",
  "hd.reasonHint": "p. ex. numéro de dossier de la demande d’accès",
  "hd.put": "Mettre sous conservation",
};
