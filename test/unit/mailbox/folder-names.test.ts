import { describe, expect, it } from "vitest";
import { serverFolderName } from "../../../src/mailbox/folder-names.js";

describe("folder names on the server", () => {
  it.each([
    ["PinMail/Processed", { prefix: "", delimiter: "/" }, "PinMail/Processed"],
    ["PinMail/Processed", { prefix: "INBOX.", delimiter: "." }, "INBOX.PinMail.Processed"],
    ["PinMail/Processed", { prefix: "", delimiter: "." }, "PinMail.Processed"],
    ["INBOX", { prefix: "INBOX.", delimiter: "." }, "INBOX"],
    ["inbox", { prefix: "", delimiter: "/" }, "INBOX"],
    ["INBOX/PinMail", { prefix: "INBOX.", delimiter: "." }, "INBOX.PinMail"],
    ["INBOX.PinMail.Processed", { prefix: "INBOX.", delimiter: "." }, "INBOX.PinMail.Processed"],
    ["Tests/t1/Processed", null, "Tests/t1/Processed"],
  ])("%s with %j -> %s", (configured, ns, expected) => {
    expect(serverFolderName(configured, ns)).toBe(expected);
  });
});
