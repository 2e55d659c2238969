import { describe, expect, it } from "vitest";
import { parseSenderName, type ParsedSenderName, type SenderNameInput } from "../../../src/core/parse-sender-name.js";

const mail = (m: Partial<SenderNameInput>): SenderNameInput => ({ text: null, html: null, subject: null, fromName: null, ...m });

type Row = [label: string, input: SenderNameInput, expected: ParsedSenderName | null];

const rows: Row[] = [
  // labelled lines, English
  [
    "labelled first/last",
    mail({ text: "Hello,\n\nFirst name: Maria\nLast name: Santos\n\nThanks" }),
    { name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" },
  ],
  [
    "labelled given/family, any case, space before colon",
    mail({ text: "GIVEN NAME : Anne-Marie\nfamily name :van der Berg" }),
    { name: { firstName: "Anne-Marie", lastName: "van der Berg" }, source: "labelled" },
  ],
  [
    "labelled surname with bullets and bold",
    mail({ text: "* **First name:** Seán\n* **Surname:** O\u2019Connor" }),
    { name: { firstName: "Seán", lastName: "O\u2019Connor" }, source: "labelled" },
  ],
  [
    'labelled "Name:" full',
    mail({ text: "Hi,\nName: Maria Luisa Santos\nPlease send a new PIN." }),
    { name: { fullName: "Maria Luisa Santos" }, source: "labelled" },
  ],
  [
    'labelled "Name:" with a job title after a comma',
    mail({ text: "Name: Maria Santos, HR manager" }),
    { name: { fullName: "Maria Santos" }, source: "labelled" },
  ],
  [
    'labelled "Full name:" as Last, First',
    mail({ text: "Full name: Santos, Maria" }),
    { name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" },
  ],
  [
    "labelled value on the next line",
    mail({ text: "First name:\nMaria\nLast name:\nde la Cruz" }),
    { name: { firstName: "Maria", lastName: "de la Cruz" }, source: "labelled" },
  ],
  [
    "labelled bilingual labels",
    mail({ text: "First name / Prénom: Maria\nLast name / Nom: Santos" }),
    { name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" },
  ],
  [
    "labelled value with trailing punctuation and note",
    mail({ text: "First name: Maria.\nLast name: Santos (HR)" }),
    { name: { firstName: "Maria", lastName: "Santos" }, source: "labelled" },
  ],
  // labelled lines, French
  [
    "Prénom / Nom",
    mail({ text: "Bonjour,\nPrénom : Marie-Ève\nNom : Tremblay\nMerci" }),
    { name: { firstName: "Marie-Ève", lastName: "Tremblay" }, source: "labelled" },
  ],
  [
    "Prénom / Nom de famille without space",
    mail({ text: "prenom: Élodie\nNom de famille: Dubois-Lévesque" }),
    { name: { firstName: "Élodie", lastName: "Dubois-Lévesque" }, source: "labelled" },
  ],
  ['lone "Nom :" holds the whole name', mail({ text: "Nom : Jean-François Côté" }), { name: { fullName: "Jean-François Côté" }, source: "labelled" }],
  // "My name is"
  [
    'my name is, compound and particles, cut at "and"',
    mail({ text: "Hi, my name is Anne-Marie van der Berg and I need a new PIN.\nThanks" }),
    { name: { fullName: "Anne-Marie van der Berg" }, source: "my-name-is" },
  ],
  [
    "my name is, all lower case",
    mail({ text: "hi my name is maria santos and i need a new pin" }),
    { name: { fullName: "maria santos" }, source: "my-name-is" },
  ],
  [
    "my name is, title and initial",
    mail({ text: "My name is Dr. Maria J. Santos, HR coordinator." }),
    { name: { fullName: "Maria J. Santos" }, source: "my-name-is" },
  ],
  ['my name is, as "Last, First."', mail({ text: "My name is Santos, Maria." }), { name: { firstName: "Maria", lastName: "Santos" }, source: "my-name-is" }],
  [
    "my name is, name on the next line",
    mail({ text: "Good morning. My name is\nKwame Mensah-Bonsu\nThank you" }),
    { name: { fullName: "Kwame Mensah-Bonsu" }, source: "my-name-is" },
  ],
  [
    "I'm, capitalised",
    mail({ text: "Hello, I'm Priya Raghunathan from the Mississauga branch." }),
    { name: { fullName: "Priya Raghunathan" }, source: "my-name-is" },
  ],
  [
    "Je m'appelle with particles, cut at et",
    mail({ text: "Bonjour, je m'appelle Marie de la Cruz et j'ai besoin d'un nouveau NIP." }),
    { name: { fullName: "Marie de la Cruz" }, source: "my-name-is" },
  ],
  [
    "Je m’appelle with a typographic apostrophe",
    mail({ text: "Bonjour,\nJe m\u2019appelle Élodie Dubois-Lévesque.\nMerci" }),
    { name: { fullName: "Élodie Dubois-Lévesque" }, source: "my-name-is" },
  ],
  [
    "Je suis, trailing particles dropped",
    mail({ text: "Bonjour, je suis Marie Tremblay de la succursale de Laval." }),
    { name: { fullName: "Marie Tremblay" }, source: "my-name-is" },
  ],
  [
    '"Je suis la gestionnaire" is not a name; signature is',
    mail({ text: "Bonjour, je suis la gestionnaire.\n\nCordialement,\nJean Dubois-Lévesque" }),
    { name: { fullName: "Jean Dubois-Lévesque" }, source: "signature" },
  ],
  [
    '"I am writing" is not a name; signature is',
    mail({ text: "I am writing to request a PIN reset.\n\nBest regards,\n\nMaria Santos" }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  // Last, First
  ["Last, First line", mail({ text: "Please reset my PIN.\nSantos, Maria\n" }), { name: { firstName: "Maria", lastName: "Santos" }, source: "last-first" }],
  [
    "Last, First with particle",
    mail({ text: "PIN reset please\n\nvan der Berg, Anne-Marie" }),
    { name: { firstName: "Anne-Marie", lastName: "van der Berg" }, source: "last-first" },
  ],
  [
    '"Hi, Team" is not Last, First',
    mail({ text: "Hi, Team\nPlease reset my PIN.\n\nThanks,\nMaria Santos" }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  // signatures
  [
    "signature under Thanks, contact block ignored",
    mail({ text: "Please reset my PIN.\n\nThanks,\nMaria Santos\nHR Coordinator\nToronto, Ontario\n416-555-1234" }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  [
    "signature on the closing line",
    mail({ text: "Please reset.\nThanks, Seán O\u2019Connor" }),
    { name: { fullName: "Seán O\u2019Connor" }, source: "signature" },
  ],
  [
    'signature after "-- " delimiter',
    mail({ text: "PIN reset please\n-- \nMaria Santos\nACME Logistics" }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  [
    "signature under Cordialement",
    mail({ text: "Bonjour,\nJ’ai besoin d’un nouveau NIP.\n\nCordialement,\n\nJean-François Côté\nAdjoint administratif" }),
    { name: { fullName: "Jean-François Côté" }, source: "signature" },
  ],
  [
    "signature under Merci beaucoup",
    mail({ text: "Bonjour, pouvez-vous réinitialiser mon NIP?\nMerci beaucoup!\nNguyễn Thị Minh Khai" }),
    { name: { fullName: "Nguyễn Thị Minh Khai" }, source: "signature" },
  ],
  ["last paragraph is a name", mail({ text: "Hello,\n\nI need a PIN reset.\n\nMaria Santos" }), { name: { fullName: "Maria Santos" }, source: "signature" }],
  [
    "Sent from my iPhone footer is not a name",
    mail({ text: "PIN reset please\n\nBest,\nMaria Santos\n\nSent from my iPhone" }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  ["body that is only a name", mail({ text: "Maria Santos" }), { name: { fullName: "Maria Santos" }, source: "signature" }],
  [
    "Outlook signature with title after a pipe, CRLF lines",
    mail({ text: "Hi,\r\n\r\nCan you reset my PIN?\r\n\r\nThank you,\r\n\r\nMaria Santos | HR Coordinator\r\nACME Inc." }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  ['credential after a comma is not "Last, First"', mail({ text: "Thanks\nMaria Santos, CPA" }), { name: { fullName: "Maria Santos" }, source: "signature" }],
  [
    "a corrected name in a reply to our reply",
    mail({ text: "Sorry, my name is spelled Marie-Eve Tremblay\n\nOn Tue, PinMail <pin@example.org> wrote:\n> Dear requester, the name did not match." }),
    { name: { fullName: "Marie-Eve Tremblay" }, source: "my-name-is" },
  ],
  ["closing without a name", mail({ text: "Hi,\nPlease reset my PIN for the portal.\nThank you" }), null],
  ['"Name of organization:" is not a name label', mail({ text: "Name of organization: ACME Logistics\nPlease reset" }), null],
  ['"my name is not recognised"', mail({ text: "my name is not recognised by the portal" }), null],
  // quoted and forwarded history must not count
  [
    "quoted reply with another name",
    mail({ text: "Please reset my PIN.\n\nOn Mon, 3 Mar 2025 at 10:00, Bob Jones <bob@example.com> wrote:\n> My name is Robert Jones\n> Thanks" }),
    null,
  ],
  [
    "attribution wrapped over two lines",
    mail({
      text: "PIN reset please\n\nOn Mon, 3 Mar 2025 at 10:00, Robert Jones <\nbob@example.com> wrote:\n> First name: Robert\n> Last name: Jones",
      fromName: "Maria Santos",
    }),
    { name: { fullName: "Maria Santos" }, source: "from-display-name" },
  ],
  [
    'French attribution "a écrit :"',
    mail({ text: "Merci\n\nLe lun. 3 mars 2025 à 10:00, Jean Tremblay <j@example.com> a écrit :\n> Je m’appelle Jean Tremblay" }),
    null,
  ],
  [
    "bottom-posted reply after quote",
    mail({ text: "On Mon, Bob wrote:\n> My name is Robert Jones\n\nMy name is Maria Santos" }),
    { name: { fullName: "Maria Santos" }, source: "my-name-is" },
  ],
  [
    "Outlook header block and pasted history",
    mail({
      text: "Any news?\n\nFrom: Robert Jones <bob@example.com>\nSent: Monday, March 3, 2025 10:00 AM\nTo: PIN Desk\nSubject: PIN Reset\n\nMy name is Robert Jones",
    }),
    null,
  ],
  [
    "French Outlook header block",
    mail({
      text: "Des nouvelles?\n\nDe : Jean Tremblay\nEnvoyé : lundi 3 mars 2025 10:00\nÀ : NIP\nObjet : Réinitialisation du NIP\n\nPrénom : Jean\nNom : Tremblay",
    }),
    null,
  ],
  [
    "-----Original Message-----",
    mail({ text: "Following up.\n\n-----Original Message-----\nFrom: Bob\nMy name is Robert Jones", subject: "PIN Reset Follow-up" }),
    null,
  ],
  [
    "forwarded mail: the forwarder's name comes from the subject",
    mail({
      text: "See below.\n\n---------- Forwarded message ---------\nFrom: John Smith <john@example.com>\nMy name is John Smith",
      subject: "Fwd: PIN Reset - Maria Santos",
    }),
    { name: { fullName: "Maria Santos" }, source: "subject" },
  ],
  [
    "Début du message réexpédié",
    mail({ text: "Voir ci-dessous\n\nDébut du message réexpédié :\n\nJe m’appelle Jean Tremblay", fromName: "Marie Tremblay" }),
    { name: { fullName: "Marie Tremblay" }, source: "from-display-name" },
  ],
  // HTML-only bodies
  [
    "HTML with Gmail quote holding another name",
    mail({
      html: '<div dir="ltr">Hello,<br>My name is <b>Maria Santos</b>.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon wrote:<br></div><blockquote class="gmail_quote">My name is Robert Jones</blockquote></div>',
    }),
    { name: { fullName: "Maria Santos" }, source: "my-name-is" },
  ],
  [
    "HTML blockquote is dropped, signature kept",
    mail({ html: '<p>Hi</p><blockquote type="cite">My name is Robert Jones</blockquote><p>Regards,<br>Maria Santos</p>' }),
    { name: { fullName: "Maria Santos" }, source: "signature" },
  ],
  [
    "HTML table of labels",
    mail({ html: "<table><tr><td>First name:</td><td>Maria</td></tr><tr><td>Last name:</td><td>de la Cruz</td></tr></table>" }),
    { name: { firstName: "Maria", lastName: "de la Cruz" }, source: "labelled" },
  ],
  [
    "HTML with entities and nbsp",
    mail({ html: "<p>Je m&#39;appelle&nbsp;Ren&eacute;e&nbsp;O&#8217;Neil.</p>" }),
    { name: { fullName: "Renée O\u2019Neil" }, source: "my-name-is" },
  ],
  [
    "HTML that only quotes falls back to the display name",
    mail({ html: "<p>PIN reset</p><blockquote>First name: Robert<br>Last name: Jones</blockquote>", fromName: "Maria Santos" }),
    { name: { fullName: "Maria Santos" }, source: "from-display-name" },
  ],
  // invisible characters survive parsing and are removed
  [
    "zero-width characters inside the name",
    mail({ text: "My name is Ma\u200Bria San\u200Dtos." }),
    { name: { fullName: "Maria Santos" }, source: "my-name-is" },
  ],
  [
    "Cyrillic look-alike is kept as written",
    mail({ text: "My name is M\u0430ria Santos." }),
    { name: { fullName: "M\u0430ria Santos" }, source: "my-name-is" },
  ],
  // subject and display name fallbacks
  [
    "body name wins over display name",
    mail({ text: "My name is Maria Santos", fromName: "M. Santos (HR)" }),
    { name: { fullName: "Maria Santos" }, source: "my-name-is" },
  ],
  [
    "subject hint",
    mail({ text: "Please reset my PIN", subject: "Re: PIN Reset - Maria Santos", fromName: "HR Mailbox" }),
    { name: { fullName: "Maria Santos" }, source: "subject" },
  ],
  [
    "subject hint as Last, First",
    mail({ text: "", subject: "Réinitialisation du NIP : Tremblay, Marie-Ève" }),
    { name: { firstName: "Marie-Ève", lastName: "Tremblay" }, source: "subject" },
  ],
  [
    "display name as last resort",
    mail({ text: "PIN reset please", subject: "PIN Reset", fromName: "Maria Santos" }),
    { name: { fullName: "Maria Santos" }, source: "from-display-name" },
  ],
  [
    'display name "Last, First"',
    mail({ text: "PIN reset please", fromName: '"Santos, Maria"' }),
    { name: { firstName: "Maria", lastName: "Santos" }, source: "from-display-name" },
  ],
  ["display name that is a role", mail({ text: "PIN reset please", fromName: "HR Department" }), null],
  ["display name that is an address", mail({ text: "PIN reset please", fromName: "maria.santos@example.com" }), null],
  ["display name of one word", mail({ text: "PIN reset please", fromName: "Maria" }), null],
  // absurd results are rejected
  ["labelled name with digits", mail({ text: "Name: Maria Santos 2" }), null],
  ["name with a digit inside", mail({ text: "My name is M4ria Santos" }), null],
  ["name with @", mail({ text: "Name: maria@santos example" }), null],
  ["too many words", mail({ text: "Name: Maria Luisa Fernanda Teresa Isabel Santos Pereira" }), null],
  ["nothing at all", mail({}), null],
];

describe("parseSenderName", () => {
  it.each(rows)("%s", (_label, input, expected) => {
    expect(parseSenderName(input)).toEqual(expected);
  });
});
