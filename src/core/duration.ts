// Durations as settings write them: `30s`, `5m`, `2h`, `30d`, or `0` (which turns a check off).
// Whole numbers only, one unit: "1h30m" is refused rather than guessed at.

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `5m`; null when it is not one. `0` (any unit or none) is 0. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d{1,9})\s*([smhd]?)\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (n === 0) return 0;
  const unit = m[2]?.toLowerCase() ?? "";
  if (!unit) return null; // "300" could be seconds or minutes: say which
  return n * UNIT_MS[unit]!;
}

/** A duration in words people read at a glance: `45 s`, `6 min`, `2 h 5 min`, `3 days 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const days = Math.floor(h / 24);
  return h % 24 ? `${days} days ${h % 24} h` : `${days} days`;
}
