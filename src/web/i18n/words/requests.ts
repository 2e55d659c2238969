// The Requests page: search, filters and its table.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n, s } from "./numbers.js";

export const en = {
  "title.requests": "Requests",

  "rq.searchHint": "name, email or reference",
  "rq.from": "From",
  "rq.to": "To",
  "rq.overdueOnly": "Overdue only",
  "rq.filter": "Filter",
  "rq.clear": "Clear",
  "rq.noMatch": "No request matches these filters.",
  "rq.older": "Older requests",
  "rq.noSuch": (p: { ref: string }) => `No request ${p.ref}.`,
  "rq.live": "The list updates by itself; new requests appear at the top.",
  "rq.newRows": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} new request${s(p.n)}`,
  "rq.newRowsTemplate": "New in the list: {n}",
};

export const fr: French<typeof en> = {
  "title.requests": "Demandes",

  "rq.searchHint": "nom, courriel ou référence",
  "rq.from": "Du",
  "rq.to": "Au",
  "rq.overdueOnly": "En retard seulement",
  "rq.filter": "Filtrer",
  "rq.clear": "Effacer",
  "rq.noMatch": "Aucune demande ne correspond à ces filtres.",
  "rq.older": "Demandes plus anciennes",
  "rq.noSuch": (p: { ref: string }) => `Aucune demande ${p.ref}.`,
  "rq.live": "La liste se met à jour d’elle-même; les nouvelles demandes apparaissent en haut.",
  "rq.newRows": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} nouvelle${s(p.n)} demande${s(p.n)}`,
  "rq.newRowsTemplate": "Nouveau dans la liste : {n}",
};
