import { describe, expect, it } from "vitest";
import { chooseReplyLocale, replyLocale } from "../../../src/reply/reply-locale.js";

describe("the reply's language", () => {
  it("is the person's language on record, whatever the message was written in", () => {
    expect(chooseReplyLocale("fr", "en")).toEqual({ locale: "fr", because: "record" });
    expect(chooseReplyLocale("en", "fr")).toEqual({ locale: "en", because: "record" });
  });
  it("otherwise the message's language", () => {
    expect(chooseReplyLocale(null, "fr")).toEqual({ locale: "fr", because: "message" });
    expect(chooseReplyLocale(undefined, "en")).toEqual({ locale: "en", because: "message" });
  });
  it("English when neither is known", () => {
    expect(chooseReplyLocale(null, null)).toEqual({ locale: "en", because: "unknown" });
    expect(chooseReplyLocale(null, "de")).toEqual({ locale: "en", because: "unknown" });
    expect(replyLocale(null, null)).toBe("en");
  });
});
