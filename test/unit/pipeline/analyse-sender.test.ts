// Issue 13.1: a request's sender is reduced to exactly one plain address, or it is not answered.
import { describe, expect, it } from "vitest";
import { analyseMessage, type AnalyseContext } from "../../../src/pipeline/analyse-message.js";

const ctx: AnalyseContext = {
  ownAddress: "pinmail@pinmail.test",
  ownDomain: "pinmail.test",
  maxAgeDays: 30,
  senderAuth: { authservId: undefined, require: false },
  now: new Date(),
};

function mail(from: string): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      "To: pinmail@pinmail.test",
      "Subject: PIN Reset",
      "Message-ID: <m1@sender.example>",
      "Content-Type: text/plain",
      "",
      "First name: Maria",
      "Last name: Santos",
      "",
    ].join("\r\n"),
  );
}

describe("analyseMessage: the sender of a request", () => {
  it("takes one plain address, lower-cased", async () => {
    const a = await analyseMessage(mail("Maria Santos <Maria.Santos@NorthWind.test>"), null, ctx);
    expect(a.action).toBe("take");
    if (a.action === "take") expect(a.facts.sender).toBe("maria.santos@northwind.test");
  });

  it.each([
    ["commas inside the brackets", `"x" <a@evil.example,postmaster,root>`],
    ["a registered address with another after it", `"Maria Santos" <maria.santos@northwind.test,attacker@evil.example>`],
    ["two addresses", "a@evil.example, b@evil.example"],
    ["a source route", `"x" <a%b@evil.example>`],
  ])("ignores a request from %s, with the reason", async (_label, from) => {
    const a = await analyseMessage(mail(from), null, ctx);
    expect(a.action).toBe("ignore");
    if (a.action === "ignore") expect(a.reason).toMatch(/sender address is not exactly one plain address/);
  });

  // mailparser gives these no address at all, which reads as the null sender: stored as ignored
  // automatic mail ("record"), never taken.
  it.each([
    ["a bare local part", "moderator"],
    ["a group", "undisclosed: a@evil.example, b@evil.example;"],
    ["no From at all", null],
  ])("never takes a request from %s", async (_label, from) => {
    const raw =
      from === null
        ? Buffer.from(
            mail("x@y.example")
              .toString()
              .replace(/^From: .*\r\n/, ""),
          )
        : mail(from);
    const a = await analyseMessage(raw, null, ctx);
    expect(["ignore", "record"]).toContain(a.action);
  });
});
