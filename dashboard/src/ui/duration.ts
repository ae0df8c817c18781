// Durations as people type and read them: "90s", "10m", "1h 30m", "2d". Holds and windows are
// whole seconds on the wire; a bare number means seconds, as it does there.

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
const PART = /(\d+(?:\.\d+)?)\s*([dhms]?)/gy;

/** Seconds from "90", "90s", "10m", "1h30m" or "1h 30m"; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return null;
  let seconds = 0;
  let at = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    seconds += Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
    at = PART.lastIndex;
    while (trimmed[at] === ' ') at += 1;
    PART.lastIndex = at;
  }
  if (at !== trimmed.length || !Number.isFinite(seconds)) return null;
  return Math.round(seconds);
}

/** "1h 30m", "45s", "2d 3h": the largest units first, zeros left out; "0s" for nothing. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join(' ') || '0s';
}

/** A coarse duration for "in 3m" and "held 2h 5m": at most two units, so it does not flicker. */
export function formatElapsed(totalSeconds: number): string {
  return formatDuration(totalSeconds).split(' ').slice(0, 2).join(' ');
}
