// What the person wrote, for the case page (issue 20): the newest part of the message as plain
// text (by the same rules that read the name: quoted history and forwarded parts cut off, HTML
// turned into text), and the whole body as text for those who open it. Never markup: the page
// prints these lines escaped, so nothing in a message can be active.
import { simpleParser } from "mailparser";
import { bodyText, newestMessageText } from "../../core/newest-message-text.js";

export interface MessageView {
  /** Lines the sender wrote just now, above any signature. */
  newest: string[];
  signature: string[];
  /** The whole body as text, quoted history included. */
  full: string;
  /** The body came only as HTML (shown here as text). */
  fromHtml: boolean;
  /** Why nothing can be shown (purged, unreadable), or null. */
  missing: string | null;
}

const MAX_FULL = 20_000;
/** Larger messages are not parsed for the page (it would slow every view of the case): the raw source is one click away. */
const MAX_PARSE_BYTES = 2_000_000;
const MAX_HTML_CHARS = 60_000;

export async function readMessage(raw: Uint8Array, purged: boolean): Promise<MessageView> {
  if (purged || raw.length === 0)
    return { newest: [], signature: [], full: "", fromHtml: false, missing: "The message itself was removed by the retention purge." };
  if (raw.length > MAX_PARSE_BYTES)
    return {
      newest: [],
      signature: [],
      full: "",
      fromHtml: false,
      missing: `The message is too large to show here (${raw.length} bytes); download the raw source below.`,
    };
  try {
    const parsed = await simpleParser(Buffer.from(raw), {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipHtmlToText: true,
      maxHtmlLengthToParse: 2_000_000,
    });
    const text = parsed.text ?? null;
    // The newest part is at the top; converting a long HTML body whole costs ~1 ms per KB, on every view.
    const htmlBody = typeof parsed.html === "string" ? parsed.html.slice(0, MAX_HTML_CHARS) : null;
    const { message, signature } = newestMessageText(text, htmlBody);
    const trim = (ls: string[]) => {
      const out = [...ls];
      while (out.length && out[out.length - 1]!.trim() === "") out.pop();
      while (out.length && out[0]!.trim() === "") out.shift();
      return out;
    };
    const full = bodyText(text, htmlBody);
    return {
      newest: trim(message),
      signature: trim(signature),
      full: full.length > MAX_FULL ? `${full.slice(0, MAX_FULL)}\n[…]` : full,
      fromHtml: !(text && text.trim()) && !!htmlBody,
      missing: null,
    };
  } catch (err) {
    return { newest: [], signature: [], full: "", fromHtml: false, missing: `The message could not be read: ${(err as Error).message}` };
  }
}
