// A request's language when the records do not give one: French words or accents that are
// common in a French request tip it to French; otherwise English.
const FRENCH = /\b(bonjour|merci|je|mon|nom|prénom|prenom|réinitialisation|reinitialisation|nip|s'il vous plaît|svp|cordialement|madame|monsieur)\b/gi;
const ENGLISH = /\b(hello|hi|thanks|thank|please|my|name|first|last|regards|dear|reset)\b/gi;

export function detectLanguage(text: string): "en" | "fr" | null {
  const fr = text.match(FRENCH)?.length ?? 0;
  const en = text.match(ENGLISH)?.length ?? 0;
  if (fr === 0 && en === 0) return null;
  return fr > en ? "fr" : "en";
}
