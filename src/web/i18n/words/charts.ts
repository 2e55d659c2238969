// The Overview page's charts of the last 30 days and their table.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n } from "./numbers.js";

export const en = {
  "ch.title": "The last 30 days",
  "ch.perDay": "Requests per day, by outcome",
  "ch.replyTime": "Time to reply per day",
  "ch.pinIssued": "PIN issued",
  "ch.review": "Sent to review",
  "ch.notRecognised": "Address not recognised",
  "ch.refused": "Other answers (no PIN)",
  "ch.undecided": "Not decided yet",
  "ch.median": "Median",
  "ch.p95": "95th percentile",
  "ch.day": "Day",
  "ch.total": "Requests",
  "ch.tableLabel": "The charts' numbers",
  "ch.tableCaption": "Requests and time to reply per day, newest first",
  "ch.seconds": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} s`,
  "ch.minutes": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} min`,
  "ch.hours": (p: { h: number; m: number }) => `${p.h} h ${String(p.m).padStart(2, "0")}`,
};

export const fr: French<typeof en> = {
  "ch.title": "Les 30 derniers jours",
  "ch.perDay": "Demandes par jour, selon le résultat",
  "ch.replyTime": "Délai de réponse par jour",
  "ch.pinIssued": "NIP émis",
  "ch.review": "Envoyées en révision",
  "ch.notRecognised": "Adresse non reconnue",
  "ch.refused": "Autres réponses (sans NIP)",
  "ch.undecided": "Pas encore décidées",
  "ch.median": "Médiane",
  "ch.p95": "95e centile",
  "ch.day": "Jour",
  "ch.total": "Demandes",
  "ch.tableLabel": "Les chiffres des graphiques",
  "ch.tableCaption": "Demandes et délai de réponse par jour, les plus récents en premier",
  "ch.seconds": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} s`,
  "ch.minutes": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} min`,
  "ch.hours": (p: { h: number; m: number }) => `${p.h} h ${String(p.m).padStart(2, "0")}`,
};
