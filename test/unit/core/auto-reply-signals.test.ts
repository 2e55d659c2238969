import { describe, expect, it } from "vitest";
import { detectAutomatic, type AutomaticInput, type AutomaticVerdict } from "../../../src/core/auto-reply-signals.js";

const header = (name: string, value: string) => ({ key: name.toLowerCase(), line: `${name}: ${value}` });

const base: AutomaticInput = {
  headerLines: [header("From", "Maria Santos <maria@example.com>"), header("Subject", "PIN Reset")],
  from: "Maria Santos <maria@example.com>",
  contentType: "text/plain; charset=utf-8",
  messageId: "<CAF1234@mail.gmail.com>",
  ownDomain: "pinmail.example.org",
  loopHeaderName: "X-PinMail-Loop",
  ownAddress: "PIN Desk <pins@pinmail.example.org>",
};

const withHeaders = (...lines: Array<{ key: string; line: string }>): AutomaticInput => ({
  ...base,
  headerLines: [...base.headerLines, ...lines],
});

type Row = [label: string, input: AutomaticInput, expected: AutomaticVerdict];

const rows: Row[] = [
  ["a person writing", base, { automatic: false }],
  ["Auto-Submitted: no", withHeaders(header("Auto-Submitted", "no")), { automatic: false }],
  ["Auto-Submitted: NO (comment)", withHeaders(header("Auto-Submitted", "NO (sent by hand)")), { automatic: false }],
  ["Precedence: first-class", withHeaders(header("Precedence", "first-class")), { automatic: false }],
  ["Return-Path of a person", withHeaders(header("Return-Path", "<maria@example.com>")), { automatic: false }],
  ["Auto-Submitted: auto-replied", withHeaders(header("Auto-Submitted", "auto-replied")), { automatic: true, reason: "auto-submitted", bounce: false }],
  [
    "Auto-Submitted: auto-generated with parameters",
    withHeaders(header("Auto-Submitted", 'auto-generated; owner-email="x@example.com"')),
    { automatic: true, reason: "auto-submitted", bounce: false },
  ],
  [
    "Auto-Submitted folded over two lines",
    withHeaders({ key: "auto-submitted", line: "Auto-Submitted:\r\n auto-replied" }),
    { automatic: true, reason: "auto-submitted", bounce: false },
  ],
  ["Precedence: bulk", withHeaders(header("Precedence", "bulk")), { automatic: true, reason: "precedence", bounce: false }],
  ["Precedence: JUNK", withHeaders(header("Precedence", "JUNK")), { automatic: true, reason: "precedence", bounce: false }],
  ["Precedence: list", withHeaders(header("Precedence", "list")), { automatic: true, reason: "precedence", bounce: false }],
  [
    "X-Auto-Response-Suppress: OOF",
    withHeaders(header("X-Auto-Response-Suppress", "OOF, AutoReply")),
    { automatic: true, reason: "x-auto-response-suppress", bounce: false },
  ],
  ["X-Autoreply", withHeaders(header("X-Autoreply", "yes")), { automatic: true, reason: "x-autoreply", bounce: false }],
  ["X-Autorespond", withHeaders(header("X-Autorespond", "x")), { automatic: true, reason: "x-autoreply", bounce: false }],
  ["List-Id", withHeaders(header("List-Id", "<staff.example.com>")), { automatic: true, reason: "mailing-list", bounce: false }],
  ["List-Unsubscribe", withHeaders(header("List-Unsubscribe", "<mailto:leave@example.com>")), { automatic: true, reason: "mailing-list", bounce: false }],
  ["null From", { ...base, from: null }, { automatic: true, reason: "null-sender", bounce: false }],
  ["From <>", { ...base, from: "<>" }, { automatic: true, reason: "null-sender", bounce: false }],
  ["Return-Path <>", withHeaders(header("Return-Path", "<>")), { automatic: true, reason: "null-sender", bounce: false }],
  ["MAILER-DAEMON", { ...base, from: "Mail Delivery System <MAILER-DAEMON@mx.example.com>" }, { automatic: true, reason: "mailer-daemon", bounce: true }],
  ["bare MAILER-DAEMON", { ...base, from: "MAILER-DAEMON" }, { automatic: true, reason: "mailer-daemon", bounce: true }],
  ["postmaster", { ...base, from: "postmaster@example.com" }, { automatic: true, reason: "mailer-daemon", bounce: true }],
  [
    "multipart/report delivery-status, even with Auto-Submitted",
    {
      ...withHeaders(header("Auto-Submitted", "auto-replied")),
      contentType: 'multipart/report; report-type=delivery-status; boundary="x"',
    },
    { automatic: true, reason: "delivery-report", bounce: true },
  ],
  [
    "multipart/report read receipt is not a bounce",
    { ...base, contentType: 'multipart/report; report-type="disposition-notification"; boundary=x' },
    { automatic: true, reason: "delivery-report", bounce: false },
  ],
  [
    "Content-Type taken from headerLines when not given",
    { ...withHeaders(header("Content-Type", "multipart/report; report-type=delivery-status")), contentType: null },
    { automatic: true, reason: "delivery-report", bounce: true },
  ],
  [
    "raw Content-Type parameters win over a bare parsed value",
    {
      ...withHeaders(header("Content-Type", "multipart/report; report-type=disposition-notification")),
      contentType: "multipart/report",
    },
    { automatic: true, reason: "delivery-report", bounce: false },
  ],
  ["our loop header, any case", withHeaders(header("x-pinmail-loop", "PM-261126-7K3Q")), { automatic: true, reason: "own-loop-header", bounce: false }],
  ["a Message-ID of our domain", { ...base, messageId: "<pm.123@PinMail.Example.Org>" }, { automatic: true, reason: "own-message-id", bounce: false }],
  ["a Message-ID of a subdomain is not ours", { ...base, messageId: "<x@mail.pinmail.example.org>" }, { automatic: false }],
  ["our own From address", { ...base, from: "pins@PINMAIL.example.org" }, { automatic: true, reason: "own-address", bounce: false }],
];

describe("detectAutomatic", () => {
  it.each(rows)("%s", (_label, input, expected) => {
    expect(detectAutomatic(input)).toEqual(expected);
  });
});
