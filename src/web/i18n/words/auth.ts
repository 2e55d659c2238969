// Signing in and the account page (change password, language).
import type { StaffLocale } from "../locale.js";
import type { French } from "./french.js";
import { n } from "./numbers.js";

export const en = {
  "title.signIn": "Sign in",
  "title.account": "Change password",

  "si.email": "Email",
  "si.password": "Password",
  "si.submit": "Sign in",
  "si.expired": "The sign-in form expired. Please try again.",
  "si.failure": (p: { max: number; minutes: number }, l: StaffLocale = "en") =>
    `Wrong email or password. After ${n(p.max, l)} failed attempts an account is locked for ${n(p.minutes, l)} minutes.`,

  "ac.password": "Password",
  "ac.current": "Current password",
  "ac.new": (p: { min: number }, l: StaffLocale = "en") => `New password (at least ${n(p.min, l)} characters)`,
  "ac.again": "New password again",
  "ac.change": "Change password",
  "ac.changed": "Password changed. Your other sessions were signed out.",
  "ac.wrong": "The current password is wrong.",
  "ac.tooShort": (p: { min: number }, l: StaffLocale = "en") => `The new password must have at least ${n(p.min, l)} characters.`,
  "ac.mismatch": "The two new passwords differ.",
  "ac.language": "Language of the staff pages",
  "ac.languageDefault": (p: { site: string }) => `Site default (${p.site})`,
  "ac.saveLanguage": "Save language",
  "ac.languageSaved": "Language saved.",
  "ac.languageInvalid": "Choose English, French or the site default.",
};

export const fr: French<typeof en> = {
  "title.signIn": "Connexion",
  "title.account": "Changer le mot de passe",

  "si.email": "Courriel",
  "si.password": "Mot de passe",
  "si.submit": "Se connecter",
  "si.expired": "Le formulaire de connexion a expiré. Veuillez réessayer.",
  "si.failure": (p: { max: number; minutes: number }, l: StaffLocale = "fr") =>
    `Courriel ou mot de passe erroné. Après ${n(p.max, l)} tentatives échouées, un compte est verrouillé pendant ${n(p.minutes, l)} minutes.`,

  "ac.password": "Mot de passe",
  "ac.current": "Mot de passe actuel",
  "ac.new": (p: { min: number }, l: StaffLocale = "fr") => `Nouveau mot de passe (au moins ${n(p.min, l)} caractères)`,
  "ac.again": "Nouveau mot de passe, encore une fois",
  "ac.change": "Changer le mot de passe",
  "ac.changed": "Mot de passe changé. Vos autres sessions ont été fermées.",
  "ac.wrong": "Le mot de passe actuel est erroné.",
  "ac.tooShort": (p: { min: number }, l: StaffLocale = "fr") => `Le nouveau mot de passe doit compter au moins ${n(p.min, l)} caractères.`,
  "ac.mismatch": "Les deux nouveaux mots de passe diffèrent.",
  "ac.language": "Langue des pages du personnel",
  "ac.languageDefault": (p: { site: string }) => `Langue par défaut du site (${p.site})`,
  "ac.saveLanguage": "Enregistrer la langue",
  "ac.languageSaved": "Langue enregistrée.",
  "ac.languageInvalid": "Choisissez l’anglais, le français ou la langue par défaut du site.",
};
