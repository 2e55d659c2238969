// Numbers inside messages: written the way the page's language writes them, and the English plural
// ending. Every area file's messages use these, so they have one home.
import { formatNumber } from "../format.js";
import type { StaffLocale } from "../locale.js";

export const n = (v: number, l: StaffLocale) => formatNumber(v, l);
export const s = (v: number) => (v === 1 ? "" : "s");
