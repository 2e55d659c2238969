// Refusals of staff actions on a case page.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n } from "./numbers.js";

export const en = {
  // Refusals of staff actions (issue 20, part A), told from src/review/refusal.ts's codes by
  // web/support/review-errors.ts. The English equals refusal.ts's sentences, which the JSON API
  // sends (test/unit/web/refusal-words.test.ts).
  "re.changed": (p: { ref: string; now: string }) => `${p.ref} was changed by someone else meanwhile (now ${p.now}); reload and check before acting`,
  "re.noLonger": (p: { ref: string; now: string }) => `${p.ref} is ${p.now}, so this action does not apply any more`,
  "re.partOfCase": (p: { ref: string; case: string }) => `${p.ref} is a follow-up that is part of case ${p.case}, which is in review: decide that case`,
  "re.noPerson": (p: { sender: string }) => `no person on record for ${p.sender}: there is nobody to give a PIN to; reject the request instead`,
  "re.noPin": (p: { why: string; instead: string }) => `No PIN can be issued: ${p.why}. ${p.instead}`,
  "re.closeWhy": "say why the case is closed without a reply (recorded for staff, never sent)",
  "re.noteTooLong": (p: { max: number }) => `the note is longer than ${p.max} characters`,
  "re.bothNames": "both the first and the last name are needed",
  "re.namesTooLong": (p: { max: number }) => `names longer than ${p.max} characters are not names`,
  "re.templateNeeds": (p: { reply: string; values: string }) =>
    `the ${p.reply} reply needs ${p.values}, which this request does not have; choose another reply`,
  "re.noteRequired": "an internal note is required (reason: recorded for staff, never sent)",
  "re.internalTooLong": (p: { max: number }) => `the internal note is longer than ${p.max} characters`,
  "re.messageTooLong": (p: { max: number }) => `the message to the person is longer than ${p.max} characters`,
  "re.reopenWhy": "say why the request is reopened",
  "re.notAttention": (p: { ref: string; state: string }) => `${p.ref} is not a message waiting in the attention folder (it is ${p.state})`,
  "re.rawPurged": (p: { ref: string; at: string }) => `${p.ref}'s raw source was removed by the retention purge on ${p.at}; there is nothing to re-process`,
  "re.reprocessedMeanwhile": (p: { ref: string }) => `${p.ref} was re-processed by someone else meanwhile`,
  "re.notChoosable": (p: { template: string }) => `template: not a reply staff can choose (${p.template})`,
  "re.stillUnreadable": (p: { reason: string }) => `Still cannot be processed: ${p.reason}`,
  "re.pinNotLive": "this PIN is already used, revoked or replaced",
};

export const fr: French<typeof en> = {
  // Refus des actions de révision sur la page d’un dossier (issue 20, partie A).
  "re.changed": (p: { ref: string; now: string }) =>
    `${p.ref} a été modifiée par quelqu’un d’autre entre-temps (maintenant : ${p.now}); rechargez la page et vérifiez avant d’agir`,
  "re.noLonger": (p: { ref: string; now: string }) => `${p.ref} est à l’état ${p.now} : cette action ne s’applique plus`,
  "re.partOfCase": (p: { ref: string; case: string }) => `${p.ref} est une relance qui fait partie du dossier ${p.case}, en révision : décidez de ce dossier`,
  "re.noPerson": (p: { sender: string }) => `personne n’est inscrit pour ${p.sender} : il n’y a personne à qui remettre un NIP; refusez plutôt la demande`,
  "re.noPin": (p: { why: string; instead: string }) => `Aucun NIP ne peut être émis : ${p.why}. ${p.instead}`,
  "re.closeWhy": "dites pourquoi le dossier est fermé sans réponse (consigné pour le personnel, jamais envoyé)",
  "re.noteTooLong": (p: { max: number }, l: StaffLocale = "fr") => `la note dépasse ${n(p.max, l)} caractères`,
  "re.bothNames": "le prénom et le nom de famille sont tous deux nécessaires",
  "re.namesTooLong": (p: { max: number }, l: StaffLocale = "fr") => `des noms de plus de ${n(p.max, l)} caractères ne sont pas des noms`,
  "re.templateNeeds": (p: { reply: string; values: string }) =>
    `la réponse « ${p.reply} » a besoin de ${p.values}, que cette demande n’a pas; choisissez une autre réponse`,
  "re.noteRequired": "une note interne est obligatoire (motif : consignée pour le personnel, jamais envoyée)",
  "re.internalTooLong": (p: { max: number }, l: StaffLocale = "fr") => `la note interne dépasse ${n(p.max, l)} caractères`,
  "re.messageTooLong": (p: { max: number }, l: StaffLocale = "fr") => `le message à la personne dépasse ${n(p.max, l)} caractères`,
  "re.reopenWhy": "dites pourquoi la demande est rouverte",
  "re.notAttention": (p: { ref: string; state: string }) => `${p.ref} n’est pas un message en attente dans le dossier à examiner (état : ${p.state})`,
  "re.rawPurged": (p: { ref: string; at: string }) =>
    `la source brute de ${p.ref} a été supprimée par la purge de conservation le ${p.at}; il n’y a rien à traiter de nouveau`,
  "re.reprocessedMeanwhile": (p: { ref: string }) => `${p.ref} a été traitée de nouveau par quelqu’un d’autre entre-temps`,
  "re.notChoosable": (p: { template: string }) => `modèle : ce n’est pas une réponse que le personnel peut choisir (${p.template})`,
  "re.stillUnreadable": (p: { reason: string }) => `Ne peut toujours pas être traité : ${p.reason}`,
  "re.pinNotLive": "ce NIP est déjà utilisé, révoqué ou remplacé",
};
