// The frame of every staff page: skip link, roles, main navigation, the not-found page's title.
import type { French } from "./french.js";

export const en = {
  "layout.skip": "Skip to content",
  "layout.mainNav": "Main",
  "layout.signOut": "Sign out",
  "layout.brand": "pinmail",
  "role.support": "support",
  "role.admin": "admin",
  "nav.overview": "Overview",
  "nav.requests": "Requests",
  "nav.review": "Review",
  "nav.people": "People",
  "nav.at-risk": "At risk",
  "nav.failures": "Failures",
  "nav.alerts": "Alerts",
  "nav.templates": "Templates",
  "nav.queues": "Queues",
  "nav.data": "Data",
  "title.notFound": "Not found",
};

export const fr: French<typeof en> = {
  "layout.skip": "Aller au contenu",
  "layout.mainNav": "Principale",
  "layout.signOut": "Se déconnecter",
  "layout.brand": "pinmail",
  "role.support": "soutien",
  "role.admin": "administration",
  "nav.overview": "Vue d’ensemble",
  "nav.requests": "Demandes",
  "nav.review": "Révision",
  "nav.people": "Personnes",
  "nav.at-risk": "À risque",
  "nav.failures": "Échecs",
  "nav.alerts": "Alertes",
  "nav.templates": "Modèles",
  "nav.queues": "Files d’attente",
  "nav.data": "Données",
  "title.notFound": "Introuvable",
};
