// The building blocks of the settings: how one variable is read, its default and the message
// that names what is expected. Every section (config/*-sections.ts) is made of these.
import { z } from "zod";
import { SECRET_ADVICE, secretProblem } from "../core/secret-strength.js";
import { parseDuration } from "../core/duration.js";

export const bool = (name: string, dflt: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return dflt;
      const s = v.trim().toLowerCase();
      if (s === "true" || s === "1" || s === "yes") return true;
      if (s === "false" || s === "0" || s === "no") return false;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
      return z.NEVER;
    });

/** true/false or nothing: for settings whose default depends on another setting. */
export const optionalBool = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): boolean | undefined => {
      if (v === undefined || v.trim() === "") return undefined;
      const r = bool(name, false).safeParse(v);
      if (r.success) return r.data;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
      return z.NEVER;
    });

export const int = (min: number, max: number, dflt: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const required = (what: string) =>
  z
    .string({ error: `missing; expected ${what}` })
    .trim()
    .min(1, `empty; expected ${what}`);

export const urlWith = (protocols: string[], what: string) =>
  required(what).refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `expected ${what}`);

/** A secret: present, and neither a known placeholder nor too short or too uniform (issue 13.6). */
export const secret = (what: string) =>
  z
    .string({ error: `missing; expected ${what} (${SECRET_ADVICE})` })
    .trim()
    .min(1, `empty; expected ${what} (${SECRET_ADVICE})`)
    .superRefine((v, ctx) => {
      const problem = secretProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A whole number or nothing: for settings whose default depends on another setting. */
export const optionalInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | undefined => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/;

/** A duration such as `30s`, `5m`, `2h`, `30d`; `0` turns the check off (unless `minMs` forbids it). */
export const duration = (dflt: string, minMs = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v === undefined || v.trim() === "" ? dflt : v;
      const ms = parseDuration(text);
      if (ms === null || ms < minMs) {
        ctx.addIssue({ code: "custom", message: `expected a duration such as 30s, 5m, 2h or 30d${minMs ? "" : " (0 turns it off)"}, got "${v}"` });
        return z.NEVER;
      }
      return ms;
    });

/** The non-empty, trimmed items of a comma-separated setting; unset: none. */
export const commaItems = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Comma-separated bare addresses; empty: none. */
export const addressList = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = commaItems(v);
      const bad = list.filter((a) => !ADDRESS.test(a));
      if (bad.length) {
        ctx.addIssue({
          code: "custom",
          message: `${name}: expected addresses separated by commas, such as support@example.org, ops@example.org; not an address: ${bad.join(", ")}`,
        });
        return z.NEVER;
      }
      return list;
    });

/** `MAIL_FROM` may be `addr@domain` or `Name <addr@domain>`. */
export function parseMailbox(v: string): { name: string | null; address: string } | null {
  const m = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(v);
  if (!m) return null;
  const address = (m[2] ?? m[3] ?? "").trim();
  if (!ADDRESS.test(address)) return null;
  const name = m[1]?.trim() || null;
  return { name, address };
}
