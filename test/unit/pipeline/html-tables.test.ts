// Issue 15.1: HTML-only mail whose name is laid out in a table (web forms, Outlook, mail
// templates). Raw messages as clients send them go through analyseMessage, the mailbox reader's
// own analysis (no I/O), so mailparser's part of the path is covered too.
import { describe, expect, it } from "vitest";
import { analyseMessage, type AnalyseContext } from "../../../src/pipeline/analyse-message.js";
import { tableLines } from "../../../src/core/table-lines.js";

const ctx: AnalyseContext = {
  ownAddress: "pinmail@pinmail.test",
  ownDomain: "pinmail.test",
  maxAgeDays: 30,
  senderAuth: { authservId: undefined, require: false },
  now: new Date(),
};

function htmlMail(html: string, o: { subject?: string; charset?: string; encoding?: string } = {}): Buffer {
  const head = [
    "From: Maria Santos <maria.santos@northwind.test>",
    "To: pinmail@pinmail.test",
    `Subject: ${o.subject ?? "PIN Reset"}`,
    "Message-ID: <t15-html@sender.example>",
    "MIME-Version: 1.0",
    `Content-Type: text/html; charset=${o.charset ?? "utf-8"}`,
    `Content-Transfer-Encoding: ${o.encoding ?? "8bit"}`,
  ];
  return Buffer.from(`${head.join("\r\n")}\r\n\r\n${html.replace(/\r?\n/g, "\r\n")}\r\n`, o.charset === "iso-8859-1" ? "latin1" : "utf8");
}

async function nameOf(raw: Buffer) {
  const a = await analyseMessage(raw, new Date(), ctx);
  if (a.action !== "take") throw new Error(`not taken: ${a.action}`);
  return { name: a.name, language: a.language };
}

describe("names in HTML tables (HTML-only mail)", () => {
  it("label cells without colons, values in the next cells (a web form)", async () => {
    const html = `<html><body><p>A new PIN reset request was submitted:</p>
<table border="1" cellpadding="4"><tr><td>First name</td><td>Maria</td></tr><tr><td>Last name</td><td>Santos</td></tr><tr><td>Email</td><td>maria.santos@northwind.test</td></tr></table>
<p>Thank you</p></body></html>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" });
  });

  it("Outlook's Word HTML: labels with colons in their own cells, quoted-printable", async () => {
    const html = `<html xmlns:o=3D"urn:schemas-microsoft-com:office:office"><body lang=3DEN-CA>
<div class=3DWordSection1><p class=3DMsoNormal>Hello,<o:p></o:p></p>
<table class=3DMsoTableGrid border=3D0 cellspacing=3D0 cellpadding=3D0>
<tr><td width=3D160 valign=3Dtop><p class=3DMsoNormal><b>First name:<o:p></o:p></b></p></td>
<td width=3D160 valign=3Dtop><p class=3DMsoNormal>Anne-Marie<o:p></o:p></p></td></tr>
<tr><td width=3D160 valign=3Dtop><p class=3DMsoNormal><b>Last name:<o:p></o:p></b></p></td>
<td width=3D160 valign=3Dtop><p class=3DMsoNormal>van der Berg<o:p></o:p></p></td></tr>
</table><p class=3DMsoNormal>I need a new PIN please.<o:p></o:p></p></div></body></html>`;
    expect((await nameOf(htmlMail(html, { encoding: "quoted-printable" }))).name).toEqual({
      name: { firstName: "Anne-Marie", lastName: "van der Berg" },
      source: "labelled",
    });
  });

  it("a header row of labels over a row of values", async () => {
    const html = `<p>Please reset my PIN.</p><table><thead><tr><th>First name</th><th>Last name</th><th>Organization</th></tr></thead>
<tbody><tr><td>Maria</td><td>Santos</td><td>Northwind Freight</td></tr></tbody></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" });
  });

  it("a header row in plain td cells, labels with colons", async () => {
    const html = `<table><tr><td><b>First Name:</b></td><td><b>Last Name:</b></td></tr><tr><td>Omar</td><td>Haddad</td></tr></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Omar", lastName: "Haddad" }, source: "labelled" });
  });

  it("a data table whose only name column is 'Name' (Email and Phone are not names)", async () => {
    const html = `<table><tr><th>Name</th><th>Email</th><th>Phone</th></tr><tr><td>Maria Santos</td><td>maria.santos@northwind.test</td><td>416-555-0100</td></tr></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { fullName: "Maria Santos" }, source: "labelled" });
  });

  it("nested in layout tables (a mail template with a logo column)", async () => {
    const html = `<table width="100%" cellpadding="0" cellspacing="0" role="presentation"><tr><td align="center">
<table width="600" role="presentation"><tr><td width="120"><img src="cid:logo" alt="Northwind"></td><td>
<p>Request for a new PIN</p>
<table><tr><td style="font-weight:bold">First name</td><td>Maria</td></tr><tr><td style="font-weight:bold">Last name</td><td>Santos</td></tr></table>
</td></tr></table></td></tr></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" });
  });

  it("<th> labels at the start of each row (a vertical form)", async () => {
    const html = `<table><tr><th scope="row">Given name</th><td>Priya</td></tr><tr><th scope="row">Family name</th><td>Natarajan</td></tr></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Priya", lastName: "Natarajan" }, source: "labelled" });
  });

  it("two labels and their values in one row", async () => {
    const html = `<table><tr><td>First name</td><td>Maria</td><td>Last name</td><td>Santos</td></tr></table>`;
    expect((await nameOf(htmlMail(html))).name).toEqual({ name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" });
  });

  it("French, in ISO-8859-1 with entities: Prénom / Nom de famille", async () => {
    const html = `<p>Bonjour,</p><table><tr><td>Pr&eacute;nom</td><td>\u00c9lo\u00efse</td></tr><tr><td>Nom de famille</td><td>Dubois-L&eacute;vesque</td></tr></table><p>Merci</p>`;
    const r = await nameOf(htmlMail(html, { subject: "=?iso-8859-1?Q?R=E9initialisation_du_NIP?=", charset: "iso-8859-1" }));
    expect(r.name).toEqual({ name: { firstName: "Éloïse", lastName: "Dubois-Lévesque" }, source: "labelled" });
    expect(r.language).toBe("fr");
  });

  it("French header row: Prénom | Nom", async () => {
    const html = `<table><tr><th>Prénom</th><th>Nom</th></tr><tr><td>Éloïse</td><td>Dubois-Lévesque</td></tr></table>`;
    expect((await nameOf(htmlMail(html, { subject: "Réinitialisation du NIP" }))).name).toEqual({
      name: { firstName: "Éloïse", lastName: "Dubois-Lévesque" },
      source: "labelled",
    });
  });

  it("a name in the quoted history's table does not count", async () => {
    const html = `<p>Still waiting for my PIN.</p><p>Maria Santos</p>
<blockquote type="cite"><table><tr><td>First name</td><td>Robert</td></tr><tr><td>Last name</td><td>Jones</td></tr></table></blockquote>`;
    const r = await nameOf(htmlMail(html));
    expect(r.name?.name).not.toEqual({ firstName: "Robert", lastName: "Jones" });
  });

  it("a plain-text part is still preferred when the mail has one", async () => {
    const raw = Buffer.from(
      [
        "From: maria.santos@northwind.test",
        "To: pinmail@pinmail.test",
        "Subject: PIN Reset",
        "Message-ID: <t15-alt@sender.example>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "First name: Maria",
        "Last name: Santos",
        "--b1",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<table><tr><td>First name</td><td>Robert</td></tr><tr><td>Last name</td><td>Jones</td></tr></table>",
        "--b1--",
        "",
      ].join("\r\n"),
    );
    expect((await nameOf(raw)).name?.name).toEqual({ firstName: "Maria", lastName: "Santos" });
  });
});

describe("tableLines", () => {
  const cell = (text: string, header = false) => ({ text, header });
  it("keeps rows that hold no name labels as one line each, cells in order", () => {
    expect(
      tableLines([
        [cell("Order"), cell("1234")],
        [cell("Status"), cell("shipped")],
      ]),
    ).toEqual(["Order   1234", "Status   shipped"]);
  });
  it("gives a multi-line cell's lines in turn instead of side by side", () => {
    expect(tableLines([[cell("Maria Santos\nHR Manager"), cell("Northwind\n416-555-0100")]])).toEqual([
      "Maria Santos",
      "HR Manager",
      "Northwind",
      "416-555-0100",
    ]);
  });
  it("does not pair a label with another label", () => {
    expect(
      tableLines([
        [cell("Name", true), cell("Maria Santos", true)],
        [cell("First name", true), cell("Maria")],
      ]),
    ).toEqual(["Name: Maria Santos", "First name: Maria"]);
  });
});
