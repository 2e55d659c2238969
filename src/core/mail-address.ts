// The one shape of mail address pinmail will send to. A reply must reach exactly one mailbox, so
// anything that could become several SMTP recipients (commas, semicolons, source routes with `%`
// or `!`), quoted local parts, angle brackets, spaces or control characters is refused rather than
// cleaned up: a sender we cannot reduce to one plain address is a sender we do not answer.

const LOCAL = /^[A-Za-z0-9.#$&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The address in its one accepted form (domain lower-cased), or null when it is not exactly one plain address. */
export function toSingleAddress(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (s.length === 0 || s.length > 254) return null;
  // Characters that split, route or quote an address, whitespace and controls (C0, DEL, C1).
  if (/[,;%!"<>\\()[\]:\s\u0000-\u001f\u007f-\u009f]/u.test(s)) return null;
  const at = s.indexOf("@");
  if (at <= 0 || at !== s.lastIndexOf("@")) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  return `${local}@${domain}`;
}
