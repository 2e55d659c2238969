import { describe, expect, it } from "vitest";
import { classifySubject, cleanSubject } from "../../../src/core/classify-subject.js";

type Row = [subject: string | null | undefined, kind: "reset" | "follow-up" | null, language: "en" | "fr" | null, nameHint: string | null];

const rows: Row[] = [
  // English, the plain shapes people are told to use
  ["PIN Reset", "reset", "en", null],
  ["PIN Reset Follow-up", "follow-up", "en", null],
  ["pin reset", "reset", "en", null],
  ["PIN RESET", "reset", "en", null],
  ["PIN Reset Follow up", "follow-up", "en", null],
  ["PIN Reset Followup", "follow-up", "en", null],
  ["PIN Reset follow\u2011up", "follow-up", "en", null],
  ["Follow-up: PIN Reset", "follow-up", "en", null],
  // words people add
  ["PIN Reset - Maria Santos", "reset", "en", "Maria Santos"],
  ["Urgent: PIN reset request", "reset", "en", null],
  ["PIN Reset request", "reset", "en", null],
  ["PIN Reset please", "reset", "en", null],
  ["PIN Reset, please", "reset", "en", null],
  ["PIN reset needed ASAP", "reset", "en", null],
  ["PIN Reset request - Jean Tremblay", "reset", "en", "Jean Tremblay"],
  ["PIN Reset for Maria de la Cruz please", "reset", "en", "Maria de la Cruz"],
  ["PIN Reset (Anne-Marie van der Berg)", "reset", "en", "Anne-Marie van der Berg"],
  ["PIN Reset: Santos, Maria", "reset", "en", "Santos, Maria"],
  ["PIN Reset - account locked - Maria Santos", "reset", "en", "Maria Santos"],
  ["PIN Reset Follow-up - Seán O\u2019Connor", "follow-up", "en", "Seán O\u2019Connor"],
  ["PIN Reset Followup - Dr. Maria Santos", "follow-up", "en", "Maria Santos"],
  ["PIN Reset Not Working", "reset", "en", null],
  ["PIN reset for maria santos", "reset", "en", null],
  ["PIN Reset - Maria", "reset", "en", null],
  ["PIN Reset 12345", "reset", "en", null],
  // odd whitespace and invisible characters
  ["PIN\u00a0Reset", "reset", "en", null],
  ["  PIN   \t Reset  ", "reset", "en", null],
  ["PIN\u2003Reset\u202fFollow-up", "follow-up", "en", null],
  ["PIN\u200bReset", "reset", "en", null],
  ["PIN-Reset", "reset", "en", null],
  // reply/forward prefixes and tags
  ["Re: PIN Reset", "reset", "en", null],
  ["RE: RE: Fwd: PIN Reset - Maria Santos", "reset", "en", "Maria Santos"],
  ["FW: [EXTERNAL] PIN Reset", "reset", "en", null],
  ["[EXTERNAL] Re[2]: PIN Reset Follow-up", "follow-up", "en", null],
  ["*EXTERNAL* Fw: PIN Reset", "reset", "en", null],
  ["AW: WG: PIN Reset", "reset", "en", null],
  ["TR: PIN Reset", "reset", "en", null],
  // RFC 2047 left encoded (double-encoded or passed raw)
  ["=?UTF-8?Q?PIN_Reset_-_Mar=C3=ADa_Santos?=", "reset", "en", "María Santos"],
  ["=?utf-8?B?UElOIFJlc2V0?=", "reset", "en", null],
  ["=?ISO-8859-1?Q?R=E9initialisation_du_NIP?=", "reset", "fr", null],
  // French
  ["Réinitialisation du NIP", "reset", "fr", null],
  ["Réinitialisation du NIP – suivi", "follow-up", "fr", null],
  ["Reinitialisation du NIP", "reset", "fr", null],
  ["REINITIALISATION DU NIP - SUIVI", "follow-up", "fr", null],
  ["RÉINITIALISATION DU NIP", "reset", "fr", null],
  ["Re\u0301initialisation du NIP", "reset", "fr", null],
  ["Réinitialisation du NIP suivi", "follow-up", "fr", null],
  ["Réinitialisation du NIP — suivi", "follow-up", "fr", null],
  ["Réinitialisation du NIP ‐ suivi", "follow-up", "fr", null],
  ["TR: RÉF: Réinitialisation du NIP - Marie-Ève Tremblay", "reset", "fr", "Marie-Ève Tremblay"],
  ["RE : Réinitialisation du NIP", "reset", "fr", null],
  ["Demande de réinitialisation du NIP svp", "reset", "fr", null],
  ["Réinitialiser mon NIP", "reset", "fr", null],
  ["Réinitialisation du NIP pour Jean Dubois-Lévesque", "reset", "fr", "Jean Dubois-Lévesque"],
  ["[EXTERNE] Réinitialisation\u00a0du\u00a0NIP", "reset", "fr", null],
  // bilingual: the first phrase decides the language
  ["PIN Reset / Réinitialisation du NIP - Jean Tremblay", "reset", "en", "Jean Tremblay"],
  ["Réinitialisation du NIP / PIN Reset", "reset", "fr", null],
  // not requests
  ["Password reset", null, null, null],
  ["Spin reset", null, null, null],
  ["Reset my PIN", null, null, null],
  ["PINs and resets", null, null, null],
  ["Hello", null, null, null],
  ["", null, null, null],
  [null, null, null, null],
  [undefined, null, null, null],
];

describe("classifySubject", () => {
  it.each(rows)("%j → %s/%s, hint %j", (subject, kind, language, nameHint) => {
    expect(classifySubject(subject)).toEqual({ kind, language, nameHint });
  });
});

describe("cleanSubject", () => {
  it.each([
    ["Re: Re[3]: FW: [EXTERNAL] PIN Reset", "PIN Reset"],
    ["RÉF : TR: PIN Reset", "PIN Reset"],
    ["Re:PIN\u00a0\u00a0Reset", "PIN Reset"],
    ["Urgent: PIN Reset", "Urgent: PIN Reset"],
  ])("%j → %j", (raw, clean) => {
    expect(cleanSubject(raw)).toBe(clean);
  });
});
