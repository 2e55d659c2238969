// The mails `pinmail demo` drops into the mailbox: one of each kind of answer.
import { randomBytes } from "node:crypto";

interface Sample {
  label: string;
  from: string;
  subject: string;
  body: string;
  headers?: Record<string, string>;
  /** Days before now the mail arrived (its Date header and the mailbox's arrival time). */
  daysOld?: number;
  /** Bytes of attachment-like filler, to make the mail larger than the demo's size limit. */
  padBytes?: number;
}

/** The demo's IMAP_MAX_MESSAGE_BYTES: small enough that the oversized sample lands on the Failures page. */
export const DEMO_MAX_MESSAGE_BYTES = 262_144;

const SAMPLES: Sample[] = [
  {
    label: "a secondary user with her exact name → new PIN",
    from: "Maria Santos <maria.santos@northwind.example>",
    subject: "PIN Reset",
    body: "Hello,\n\nFirst name: Maria\nLast name: Santos\n\nThank you",
  },
  {
    label: "a compound name written in one line → new PIN",
    from: "am.vanderberg@northwind.example",
    subject: "PIN Reset - Anne-Marie van der Berg",
    body: "Hi, my name is Anne-Marie van der Berg and I need a new PIN.\n\nThanks",
  },
  {
    label: "a nickname instead of the registered name → name mismatch",
    from: "Priya N <priya@northwind-to.example>",
    subject: "Urgent: PIN reset request",
    body: "My name is Pri Natarajan.",
  },
  {
    label: "French, from a dormant organization → reactivation guidance",
    from: "eloise@boulangerie-gagnon.example",
    subject: "Réinitialisation du NIP",
    body: "Bonjour,\n\nPrénom : Éloïse\nNom : Dubois-Lévesque\n\nMerci",
  },
  { label: "an account unused for 2 years → account expired", from: "omar.haddad@northwind.example", subject: "PIN Reset", body: "My name is Omar Haddad" },
  {
    label: "the primary user → explains they need no PIN",
    from: "jean.tremblay@northwind.example",
    subject: "RE: PIN Reset",
    body: "Prénom : Jean\nNom : Tremblay",
  },
  { label: "an address not on record → neutral answer", from: "someone@unknown.example", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" },
  {
    label: "an out-of-office reply → never answered",
    from: "maria.santos@northwind.example",
    subject: "Automatic reply: PIN Reset",
    body: "I am away until Monday.",
    headers: { "Auto-Submitted": "auto-replied" },
  },
  { label: "an unrelated mail → left untouched in the mailbox", from: "newsletter@shop.example", subject: "Our winter sale", body: "50% off everything." },
  // Issue 20: every staff page has something to show.
  {
    label: "a request that sat in the mailbox for 20 days → a review case",
    from: "Maria Santos <maria.santos@northwind.example>",
    subject: "PIN Reset (sent before the holidays)",
    body: "Hello,\n\nFirst name: Maria\nLast name: Santos\n\nThank you",
    daysOld: 20,
  },
  {
    label: "a request with a huge attachment → the attention folder (Failures page)",
    from: "am.vanderberg@northwind.example",
    subject: "PIN Reset with scans",
    body: "Please see the scans attached.\n\nAnne-Marie van der Berg",
    padBytes: DEMO_MAX_MESSAGE_BYTES + 65_536,
  },
];

export function sampleRequests(_mailbox: string, now = new Date()): Array<{ label: string; raw: string; internalDate?: Date }> {
  return SAMPLES.map((s) => {
    const domain = s.from.replace(/^.*@|>$/g, "");
    const sent = new Date(now.getTime() - (s.daysOld ?? 0) * 86_400_000);
    // Base64-looking filler lines, as an attachment would be (the body only has to be large).
    const filler = s.padBytes
      ? `\n\n${"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n".repeat(Math.ceil(s.padBytes / 77))}`
      : "";
    const headers = [
      `From: ${s.from}`,
      "To: pin-reset@pinmail.example",
      `Subject: ${s.subject}`,
      `Date: ${sent.toUTCString()}`,
      `Message-ID: <demo-${randomBytes(6).toString("hex")}@${domain}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      ...Object.entries(s.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    return {
      label: s.label,
      raw: `${headers.join("\r\n")}\r\n\r\n${(s.body + filler).replace(/\n/g, "\r\n")}\r\n`,
      ...(s.daysOld ? { internalDate: sent } : {}),
    };
  });
}
