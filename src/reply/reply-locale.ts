// The language a reply goes out in, in one place: verification, staff approving or rejecting a
// case, and the case page that tells staff which language the reply will use.
import type { Locale } from "./template-catalog.js";

/** Why a reply goes out in its language: the person's language on record, their message's, or neither known (English). */
export type ReplyLocaleReason = "record" | "message" | "unknown";

/** The person's language on record (en | fr) when there is one, otherwise the language the request was written in, English when that is not known. */
export function chooseReplyLocale(
  recordLocale: string | null | undefined,
  requestLanguage: string | null | undefined,
): { locale: Locale; because: ReplyLocaleReason } {
  if (recordLocale === "en" || recordLocale === "fr") return { locale: recordLocale, because: "record" };
  if (requestLanguage === "en" || requestLanguage === "fr") return { locale: requestLanguage, because: "message" };
  return { locale: "en", because: "unknown" };
}

export function replyLocale(recordLocale: string | null | undefined, requestLanguage: string | null | undefined): Locale {
  return chooseReplyLocale(recordLocale, requestLanguage).locale;
}
