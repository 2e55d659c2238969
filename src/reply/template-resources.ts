// What a reply may point at (issue 13.5). A template is admin-written; if it could load an image
// from, or link to, any host, a PIN (or the fact that a person opened the mail) could travel
// there. Replies may link only to the portal's and the dashboard's hosts (PORTAL_URL,
// WEB_PUBLIC_URL) and to mailto: addresses; nothing is loaded from anywhere: no remote images
// from other hosts, no stylesheets, frames, scripts, CSS url() or @import. Checked on the
// rendered output, where variables have their values, with a real HTML parser.
import { Parser } from "htmlparser2";
import { templateProblem, type TemplateProblem } from "./template-problem.js";

export interface ResourceProblem {
  /** What is wrong, as a code with its values (template-problem.ts gives its words). */
  problem: TemplateProblem;
  /** A piece of the rendered output to find the source line by (tag name or URL). */
  near: string;
}

/** Attributes that hold a URL a mail client may follow or fetch. */
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "srcset",
  "action",
  "formaction",
  "background",
  "poster",
  "data",
  "cite",
  "longdesc",
  "xlink:href",
  "manifest",
  "codebase",
  "dynsrc",
  "lowsrc",
  "icon",
  "profile",
  "archive",
  "classid",
  "usemap",
  "ping",
  "imagesrcset",
]);
/** Elements that fetch, run or redirect whatever their attributes say. */
const REFUSED_ELEMENTS = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "portal"]);
const CSS_FETCH = /url\s*\(|@import|image-set\s*\(|image\s*\(|expression\s*\(|\\/i;

/** Hosts of the given URLs (lower case), skipping unset or unparsable ones. */
export function allowedHostsOf(urls: ReadonlyArray<string | undefined>): Set<string> {
  const hosts = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      hosts.add(new URL(u).hostname.toLowerCase());
    } catch {
      // Config validates these; an unparsable one simply allows nothing.
    }
  }
  return hosts;
}

/** Why `raw` may not be a link target, or null when it may. */
export function linkProblem(raw: string, allowed: ReadonlySet<string>): TemplateProblem | null {
  // Browsers and mail clients drop tabs, newlines and surrounding spaces from URLs.
  const value = raw.replace(/[\u0000-\u0020\u007f]/g, "");
  if (value === "" || value.startsWith("#")) return null;
  if (/^mailto:/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return templateProblem("link-not-full", { url: short(raw), hosts: [...allowed] });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return templateProblem("link-scheme", { url: short(raw) });
  if (!allowed.has(url.hostname.toLowerCase())) return templateProblem("link-host", { url: short(raw), host: url.hostname, hosts: [...allowed] });
  return null;
}

/** Everything in rendered HTML that links or loads outside the allowed hosts, or carries the PIN outside text. */
export function htmlResourceProblems(html: string, allowed: ReadonlySet<string>, pin?: string): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = name.toLowerCase();
        if (tag === "style") inStyle = true;
        if (REFUSED_ELEMENTS.has(tag)) {
          problems.push({ problem: templateProblem("element-refused", { tag }), near: `<${tag}` });
        }
        if (tag === "meta" && Object.keys(attributes).some((a) => a.toLowerCase() === "http-equiv")) {
          problems.push({ problem: templateProblem("meta-http-equiv", {}), near: "<meta" });
        }
        for (const [rawName, value] of Object.entries(attributes)) {
          const attr = rawName.toLowerCase();
          if (pin && value.includes(pin)) {
            problems.push({ problem: templateProblem("pin-in-attribute", { tag, attribute: attr }), near: `<${tag}` });
          }
          if (attr === "style" && CSS_FETCH.test(value)) {
            problems.push({ problem: templateProblem("style-attribute-fetch", { tag }), near: "style=" });
          }
          if (attr === "srcset" || attr === "imagesrcset") {
            for (const candidate of value.split(",")) {
              const problem = linkProblem(candidate.trim().split(/\s+/)[0] ?? "", allowed);
              if (problem) problems.push({ problem, near: attr });
            }
          } else if (URL_ATTRIBUTES.has(attr)) {
            const problem = linkProblem(value, allowed);
            if (problem) problems.push({ problem, near: value.trim().slice(0, 40) || attr });
          }
        }
      },
      onclosetag(name) {
        if (name.toLowerCase() === "style") inStyle = false;
      },
      ontext(text) {
        if (inStyle && CSS_FETCH.test(text)) {
          problems.push({ problem: templateProblem("style-block-fetch", {}), near: "<style" });
        }
      },
      oncomment(text) {
        if (pin && text.includes(pin)) problems.push({ problem: templateProblem("pin-in-comment", {}), near: "<!--" });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}

/** http(s) addresses written in plain text (text part, subject) that go outside the allowed hosts. */
export function textLinkProblems(text: string, allowed: ReadonlySet<string>): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"')\]]+/gi)) {
    const problem = linkProblem(m[0], allowed);
    if (problem) problems.push({ problem, near: m[0].slice(0, 40) });
  }
  return problems;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
