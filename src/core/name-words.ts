/**
 * The shape of a person's name as it appears in mail, shared by the subject and body parsers.
 * These checks only decide whether some text *looks like* a name worth recording; whether it
 * is the right name is decided later by matchName against the records. A false positive here
 * therefore costs a "name mismatch" reply, never a PIN.
 */

/** Lower-case particles that belong inside names: "van der Berg", "de la Cruz", "dos Santos". */
const PARTICLES = new Set([
  'de', 'del', 'della', 'dello', 'der', 'den', 'des', 'di', 'da', 'das', 'do', 'dos', 'du',
  'la', 'le', 'les', 'lo', 'van', 'von', 'vom', 'zu', 'ter', 'ten', 'y', 'e', 'bin', 'ibn',
  'bint', 'al', 'el', 'st', 'st.', 'ste', 'ste.', "van't", "d'", "l'",
]);

/** Titles people put before their name but records never hold. */
const TITLES = new Set([
  'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'miss', 'mx', 'mx.', 'dr', 'dr.', 'prof', 'prof.',
  'm.', 'mme', 'mme.', 'mlle', 'mlle.', 'me', 'me.', 'sir', 'madam', 'madame', 'monsieur',
]);

/**
 * Words that end or disqualify a name: function words, greetings and closings, words about
 * the request itself, job roles and organisation words, mail-client footers, and a few
 * Canadian place names that show up in signatures as "City, Province".
 */
const NON_NAME_WORDS = new Set([
  // English function words (not those that are also names: An, Ma, May, Will, So, Ty)
  'a', 'the', 'and', 'or', 'but', 'for', 'from', 'to', 'of', 'in', 'on', 'at', 'by',
  'with', 'about', 'as', 'via', 'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'i',
  "i'm", 'im', "i've", "i'd", 'me', 'my', 'mine', 'we', 'our', 'us', 'you', 'your', 'he', 'she',
  'they', 'them', 'his', 'her', 'it', 'its', "it's", 'this', 'that', 'these', 'those', 'here',
  'there', 'who', 'which', 'what', 'when', 'where', 'why', 'how', 'if', 'then', 'than',
  'also', 'just', 'not', 'no', 'yes', 'all', 'any', 'some', 'can', 'could', 'would', 'should',
  'shall', 'might', 'must', 'do', 'does', 'did', "don't", "doesn't", "didn't",
  "can't", 'cannot', 'have', 'has', 'had', 'get', 'got', 'still', 'yet', 'again', 'now',
  'today', 'currently', 'recently', 'writing', 'working', 'work', 'works', 'trying', 'try',
  'need', 'needs', 'needed', 'require', 'required', 'requires', 'want', 'wanted',
  'like', 'received', 'receive', 'sent', 'send', 'new', 'old', 'please', 'pls', 'plz',
  'kindly', 'asap', 'urgent', 'urgently', 'help', 'request', 'requested', 'requesting', 'req',
  'reset', 'pin', 'pins', 'password', 'login', 'access', 'account', 'portal', 'issue',
  'problem', 'error', 'locked', 'expired', 'lost', 'forgot', 'forgotten', 'follow', 'up',
  'followup', 'follow-up', 'subject', 'regarding', 're', 'fw', 'fwd', 'external',
  // greetings and closings
  'hi', 'hello', 'hey', 'dear', 'greetings', 'good', 'morning', 'afternoon', 'evening',
  'thanks', 'thank', 'thx', 'regards', 'best', 'kind', 'warm', 'warmest', 'cheers',
  'sincerely', 'respectfully', 'yours', 'truly', 'wishes', 'care',
  // roles and organisations
  'team', 'department', 'dept', 'dept.', 'office', 'hr', 'it', 'support', 'admin',
  'administrator', 'administration', 'company', 'corp', 'corp.', 'corporation', 'inc', 'inc.',
  'ltd', 'ltd.', 'llc', 'llp', 'limited', 'group', 'services', 'service', 'solutions', 'info',
  'contact', 'reception', 'payroll', 'accounting', 'accounts', 'finance', 'human', 'resources',
  'ceo', 'cfo', 'coo', 'director', 'manager', 'coordinator', 'assistant', 'officer',
  'specialist', 'owner', 'president', 'employee', 'employer', 'staff', 'user', 'users',
  'branch', 'head', 'noreply', 'no-reply', 'donotreply', 'mailer-daemon', 'postmaster',
  'behalf', 'customer', 'client', 'clients', 'notification', 'notifications', 'system',
  // credentials written after a name in signatures
  'cpa', 'cma', 'cga', 'cfa', 'chrp', 'chrl', 'crha', 'mba', 'phd', 'ph.d.', 'md',
  'rn', 'llb', 'p.eng', 'eng', 'ing', 'jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv', 'esq',
  // mail clients and contact details
  'iphone', 'ipad', 'android', 'mobile', 'outlook', 'gmail', 'mail', 'email', 'e-mail',
  'phone', 'tel', 'tel.', 'fax', 'cell', 'www',
  // French function words, greetings, closings, roles
  'je', "j'ai", 'suis', "m'appelle", 'mon', 'mes', 'nom', 'prénom', 'prenom', 'est',
  "c'est", 'et', 'ou', 'mais', 'pour', 'par', 'avec', 'sans', 'dans', 'sur', 'chez', 'au',
  'aux', 'un', 'une', 'il', 'elle', 'nous', 'vous', 'votre', 'vos', 'notre', 'nos', 'ne',
  'pas', 'plus', 'encore', 'toujours', 'qui', 'que', 'besoin', 'aimerais', 'voudrais',
  'merci', 'bonjour', 'bonsoir', 'salut', 'allo', 'cordialement', 'salutations', 'bonne',
  'journée', 'journee', 'amitiés', 'svp', 'stp', 'demande', 'urgente', 'nouveau', 'nouvel',
  'nouvelle', 'réinitialisation', 'reinitialisation', 'réinitialiser', 'reinitialiser',
  'nip', 'suivi', 'compte', 'accès', 'acces', 'utilisateur', 'utilisatrice', 'employé',
  'employée', 'employe', 'gestionnaire', 'succursale', 'portail', 'ressources', 'humaines',
  'rh', 'bureau', 'équipe', 'equipe', 'direction', 'directeur', 'directrice', 'adjoint',
  'adjointe', 'agent', 'agente', 'responsable', 'envoyé', 'envoye', 'reçu', 'recu',
  'expiré', 'bloqué', 'bloque', 'perdu', 'oublié', 'oublie', 'objet', 'tr',
  // Canadian places that appear as "City, Province" in signatures
  'canada', 'ontario', 'quebec', 'québec', 'manitoba', 'saskatchewan', 'yukon', 'nunavut',
  'toronto', 'montreal', 'montréal', 'ottawa', 'vancouver', 'calgary', 'edmonton',
  'winnipeg', 'qc', 'bc', 'ab', 'mb', 'sk', 'ns', 'nb', 'nl', 'pe', 'pei', 'yt', 'nt', 'nu',
]);

const APOSTROPHES = /[\u2019\u2018\u201B\u02BC]/g;

function key(word: string): string {
  return word.toLowerCase().replace(APOSTROPHES, "'");
}

export function isParticle(word: string): boolean {
  return PARTICLES.has(key(word));
}

export function isTitle(word: string): boolean {
  return TITLES.has(key(word));
}

export function isNonNameWord(word: string): boolean {
  return NON_NAME_WORDS.has(key(word));
}

/**
 * One word of a name: letters (any script) with combining marks, joined by apostrophes or
 * hyphens ("O'Connor", "Dubois-Lévesque"), or an initial ("J.").
 */
const NAME_WORD = /^[\p{L}][\p{L}\p{M}]*(?:['\u2019\u02BC\u2018\-\u2010\u2011][\p{L}][\p{L}\p{M}]*)*\.?$/u;

export function isNameWord(word: string): boolean {
  return NAME_WORD.test(word) && (!word.endsWith('.') || /^\p{L}\.$/u.test(word) || isParticle(word));
}

/**
 * Written like a name: starts with a capital ("Maria", "O'Connor"), or with a short lower-case
 * prefix before a capital ("d'Amours", "al-Hassan"), or in a script without case.
 */
export function isCapitalised(word: string): boolean {
  return /^(?:[\p{Lu}\p{Lt}\p{Lo}]|\p{Ll}{1,3}['\u2019\u02BC\-]\p{Lu})/u.test(word);
}

export interface NameShape {
  minWords: number;
  maxWords: number;
  /** Every word but particles must be capitalised (free text, where case is the only cue). */
  capitals: boolean;
}

/** Whether a list of words can be a (part of a) person's name. */
export function isNameWords(words: readonly string[], shape: NameShape): boolean {
  if (words.length < shape.minWords || words.length > shape.maxWords) return false;
  const last = words[words.length - 1];
  if (last === undefined || isParticle(last)) return false;
  if (words.every(isParticle)) return false;
  return words.every(
    (w) =>
      isNameWord(w) &&
      (isParticle(w) || !isNonNameWord(w)) &&
      (!shape.capitals || isParticle(w) || isCapitalised(w)),
  );
}

/** Splits on whitespace after collapsing it; the empty string gives no words. */
export function words(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

/** Drops titles in front ("Dr. Maria Santos" → "Maria Santos"). */
export function dropTitles(ws: readonly string[]): string[] {
  let i = 0;
  while (i < ws.length - 1 && isTitle(ws[i] ?? '')) i++;
  return ws.slice(i);
}

/**
 * Trims characters of `set` from both ends. A loop rather than /[…]+$/, which backtracks
 * quadratically over a long run of punctuation in the middle of hostile input.
 */
export function trimChars(s: string, set: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && set.includes(s[start] ?? '')) start++;
  while (end > start && set.includes(s[end - 1] ?? '')) end--;
  return s.slice(start, end);
}
