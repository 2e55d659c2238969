import { describe, expect, it } from "vitest";
import { newestMessageText } from "../../../src/core/newest-message-text.js";

describe("newestMessageText", () => {
  it.each<[string, string, string[], string[]]>([
    ["keeps plain text, trims and collapses spaces", "Hello\u00a0 there \n  Maria  ", ["Hello there", "Maria"], []],
    ["drops quoted lines anywhere", "New text\n> old\n>> older\nmore new", ["New text", "more new"], []],
    ["splits at the signature delimiter", "Body\n-- \nMaria Santos", ["Body"], ["Maria Santos"]],
    ["stops at an Original Message marker", "New\n-----Original Message-----\nOld", ["New"], []],
    ["stops at a French forwarded marker", "Nouveau\n-------- Message transféré --------\nAncien", ["Nouveau"], []],
    ["stops at an Outlook header block", "New\nFrom: Bob\nSent: Monday\nOld", ["New"], []],
    ['keeps a lone "From:" line that is not a header block', "From: the Laval branch\nThanks", ["From: the Laval branch", "Thanks"], []],
    ["stops at a Sent-from footer", "New\nSent from my iPhone\nOld", ["New"], []],
    ["stops at an attribution followed by unquoted history", "New\nOn Mon, Bob wrote:\nOld unquoted", ["New"], []],
    ["removes invisible characters", "Ma\u200Bria\u2066 Santos", ["Maria Santos"], []],
  ])("%s", (_label, text, message, signature) => {
    expect(newestMessageText(text, null)).toEqual({ message, signature });
  });

  it("reads HTML only when there is no text part, without blockquotes", () => {
    const html = '<p>Hi <b>there</b></p><blockquote>old</blockquote><div class="gmail_quote">older</div>';
    expect(newestMessageText(null, html).message.filter((l) => l !== "")).toEqual(["Hi there"]);
    expect(newestMessageText("plain", html).message).toEqual(["plain"]);
    expect(newestMessageText("  \n", html).message.filter((l) => l !== "")).toEqual(["Hi there"]);
  });

  it("gives nothing for no body", () => {
    expect(newestMessageText(null, null)).toEqual({ message: [""], signature: [] });
  });
});
