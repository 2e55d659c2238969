/**
 * The French of one area's words: exactly the keys of its English (a missing or extra key fails the
 * type check), strings for strings, and for a message that takes values the same parameters.
 */
export type French<English> = { [K in keyof English]: English[K] extends string ? string : English[K] };
