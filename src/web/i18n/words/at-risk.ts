// The At risk page: organizations that go dormant soon unless their primary user signs in.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n, s } from "./numbers.js";

export const en = {
  "title.atRisk": "At risk",
  "ar.intro":
    "Organizations whose primary user has not signed in for almost 2 years. When the date comes, every secondary and branch user is locked out until the organization is re-verified; a sign-in by the primary user before then is all it takes. pinmail reminds the primary user at 18, 21 and 23 months.",
  "ar.within": "Goes dormant in the next",
  "ar.days": (p: { n: number }, l: StaffLocale = "en") => `${n(p.n, l)} days`,
  "ar.show": "Show",
  "ar.summary": (p: { orgs: number; users: number }, l: StaffLocale = "en") =>
    `${n(p.orgs, l)} organization${s(p.orgs)}; ${n(p.users, l)} users would be locked out.`,
  "ar.empty": (p: { n: number }, l: StaffLocale = "en") => `No organization goes dormant in the next ${n(p.n, l)} days.`,
  "ar.col.date": "Goes dormant",
  "ar.col.organization": "Organization",
  "ar.col.primary": "Primary user",
  "ar.col.lastSignIn": "Last sign-in",
  "ar.col.reminders": "Reminders sent",
  "ar.col.lockedOut": "Users locked out",
  "ar.inDays": (p: { n: number }, l: StaffLocale = "en") => `(in ${n(p.n, l)} day${s(p.n)})`,
  "ar.never": "never",
  "ar.noneYet": "none yet",
};

export const fr: French<typeof en> = {
  "title.atRisk": "À risque",
  "ar.intro":
    "Organisations dont l’utilisateur principal ne s’est pas connecté depuis près de 2 ans. À la date indiquée, tous les utilisateurs secondaires et de succursale sont bloqués jusqu’à ce que l’organisation soit vérifiée de nouveau; il suffit que l’utilisateur principal se connecte avant. pinmail envoie un rappel à l’utilisateur principal à 18, 21 et 23 mois.",
  "ar.within": "Devient inactive dans les prochains",
  "ar.days": (p: { n: number }, l: StaffLocale = "fr") => `${n(p.n, l)} jours`,
  "ar.show": "Afficher",
  "ar.summary": (p: { orgs: number; users: number }, l: StaffLocale = "fr") =>
    `${n(p.orgs, l)} organisation${s(p.orgs)}; ${n(p.users, l)} utilisateurs seraient bloqués.`,
  "ar.empty": (p: { n: number }, l: StaffLocale = "fr") => `Aucune organisation ne devient inactive dans les ${n(p.n, l)} prochains jours.`,
  "ar.col.date": "Devient inactive le",
  "ar.col.organization": "Organisation",
  "ar.col.primary": "Utilisateur principal",
  "ar.col.lastSignIn": "Dernière connexion",
  "ar.col.reminders": "Rappels envoyés",
  "ar.col.lockedOut": "Utilisateurs bloqués",
  "ar.inDays": (p: { n: number }, l: StaffLocale = "fr") => `(dans ${n(p.n, l)} jour${s(p.n)})`,
  "ar.never": "jamais",
  "ar.noneYet": "aucun pour l’instant",
};
