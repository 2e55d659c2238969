// The Manual review page: the queue of cases waiting for a person.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n, s } from "./numbers.js";

export const en = {
  "title.review": "Manual review",

  "rv.nothing": "Nothing waits for a person. 🎉",
  "rv.count": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} case${s(p.n)} in review`,
  "rv.overdue": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} overdue`,
  "rv.followUps": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} follow-up${s(p.n)}`,
  "rv.nobody": "nobody",
  "rv.newer": "Previous page",
  "rv.olderPage": "Next page",
  "rv.pages": "Pages of the review queue",
  "rv.pageOf": (p: { page: number; pages: number }, l: StaffLocale = "en") => `Page ${n(p.page, l)} of ${n(p.pages, l)}`,
};

export const fr: French<typeof en> = {
  "title.review": "Révision manuelle",

  "rv.nothing": "Aucun dossier n’attend de réponse. 🎉",
  "rv.count": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} dossier${s(p.n)} en révision`,
  "rv.overdue": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} en retard`,
  "rv.followUps": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} relance${s(p.n)}`,
  "rv.nobody": "personne",
  "rv.newer": "Page précédente",
  "rv.olderPage": "Page suivante",
  "rv.pages": "Pages de la file de révision",
  "rv.pageOf": (p: { page: number; pages: number }, l: StaffLocale = "fr") => `Page ${n(p.page, l)} sur ${n(p.pages, l)}`,
};
