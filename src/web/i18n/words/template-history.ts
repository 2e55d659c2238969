// A template's history page: its versions, comparing two of them, rolling back.
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n, s } from "./numbers.js";

export const en = {
  "tpl.backToEditor": "Back to the editor",
  "tpl.defaultFile": "0 (default file)",
  "tpl.activeMark": "active",
  "tpl.defaultMark": " (default)",
  "tpl.compareFrom": (p: { v: number }) => `Compare from version ${p.v}`,
  "tpl.compareTo": (p: { v: number }) => `Compare to version ${p.v}`,
  "tpl.rollbackTo": (p: { v: number }) => `Roll back to version ${p.v}`,
  "tpl.compare": "Compare",
  "tpl.changes": (p: { from: number; to: number }) => `Changes from version ${p.from} to version ${p.to}`,
  "tpl.identical": "These two versions are identical.",
  "tpl.unchangedLines": (p: { n: number; from: number }, l: StaffLocale = "en") => `${n(p.n, l)} unchanged lines (from line ${p.from})`,
  "tpl.renderedSample": "Rendered with the sample data",
  "tpl.before": (p: { v: number }) => `Version ${p.v} (before)`,
  "tpl.after": (p: { v: number }) => `Version ${p.v} (after)`,
  "tpl.noLongerRenders": "This version no longer renders:",
};

export const fr: French<typeof en> = {
  "tpl.backToEditor": "Retour à l’éditeur",
  "tpl.defaultFile": "0 (fichier par défaut)",
  "tpl.activeMark": "active",
  "tpl.defaultMark": " (par défaut)",
  "tpl.compareFrom": (p: { v: number }) => `Comparer à partir de la version ${p.v}`,
  "tpl.compareTo": (p: { v: number }) => `Comparer avec la version ${p.v}`,
  "tpl.rollbackTo": (p: { v: number }) => `Revenir à la version ${p.v}`,
  "tpl.compare": "Comparer",
  "tpl.changes": (p: { from: number; to: number }) => `Changements de la version ${p.from} à la version ${p.to}`,
  "tpl.identical": "Ces deux versions sont identiques.",
  "tpl.unchangedLines": (p: { n: number; from: number }, l: StaffLocale = "fr") =>
    `${n(p.n, l)} ligne${s(p.n)} inchangée${s(p.n)} (à partir de la ligne ${p.from})`,
  "tpl.renderedSample": "Rendu avec les données d’exemple",
  "tpl.before": (p: { v: number }) => `Version ${p.v} (avant)`,
  "tpl.after": (p: { v: number }) => `Version ${p.v} (après)`,
  "tpl.noLongerRenders": "Cette version ne peut plus être produite :",
};
