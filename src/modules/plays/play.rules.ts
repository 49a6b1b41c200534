import type { FieldError } from '../../shared/errors.js';

export const MAX_BATCH = 500;
/** Clients' clocks drift; a play may start this far in the server's future. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Buffering and a late "stop" event can count a little past the end. */
export const OVERRUN_SLACK_MS = 10_000;
const EARLIEST = Date.UTC(2000, 0, 1);
const CLIENT_PLAY_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SOURCE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Played to the end: 90 % of the track, or to within 5 s of its end. The second rule only
 * matters for short tracks, and never below half of one.
 */
export function isCompleted(msPlayed: number, durationMs: number): boolean {
  const threshold = Math.min(0.9 * durationMs, Math.max(durationMs - 5_000, 0.5 * durationMs));
  return msPlayed >= threshold;
}

/** The scrobble rule's thresholds (config.playCount). */
export interface CountRule {
  minMs: number;
  maxMs: number;
  fraction: number;
}

export const DEFAULT_COUNT_RULE: CountRule = { minMs: 30_000, maxMs: 240_000, fraction: 0.5 };

/**
 * Whether a play counts as a listen (statistics, play counts, recommendations): the scrobble
 * rule, so that skipping through a queue is not listening. At least `fraction` of the track or
 * `maxMs`, whichever is less, and never under `minMs` unless the whole track is shorter.
 * Nothing played never counts, even for a track of no length.
 */
export function isCounted(msPlayed: number, durationMs: number, rule: CountRule = DEFAULT_COUNT_RULE): boolean {
  if (msPlayed <= 0) return false;
  if (msPlayed < Math.min(rule.fraction * durationMs, rule.maxMs)) return false;
  return durationMs <= rule.minMs || msPlayed >= rule.minMs;
}

export interface PlayInput {
  clientPlayId: string;
  trackId: string;
  startedAt: Date;
  msPlayed: number;
  source: string | null;
}

/** Shape and time checks that need no database; each error names plays[i].field. */
export function parsePlays(input: unknown, now: Date, errors: FieldError[]): PlayInput[] {
  if (!Array.isArray(input) || input.length < 1 || input.length > MAX_BATCH) {
    errors.push({ path: 'plays', message: `must hold 1..${MAX_BATCH} plays` });
    return [];
  }
  return input.map((raw: Record<string, unknown>, i) => {
    const at = (field: string, message: string) => errors.push({ path: `plays[${i}].${field}`, message });
    const p = raw ?? {};
    if (typeof p.clientPlayId !== 'string' || !CLIENT_PLAY_ID.test(p.clientPlayId)) at('clientPlayId', 'must be 1-64 letters, digits or ._:-');
    if (typeof p.trackId !== 'string') at('trackId', 'must be a track id');
    const startedAt = new Date(typeof p.startedAt === 'string' ? p.startedAt : NaN);
    if (Number.isNaN(startedAt.getTime()) || startedAt.getTime() < EARLIEST) at('startedAt', 'must be a date-time after 2000');
    else if (startedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) at('startedAt', 'must not be in the future');
    if (!Number.isInteger(p.msPlayed) || (p.msPlayed as number) < 0) at('msPlayed', 'must be a non-negative integer');
    if (p.source !== undefined && p.source !== null && (typeof p.source !== 'string' || !SOURCE.test(p.source))) at('source', 'must be a lower-case word of at most 32 characters');
    return {
      clientPlayId: String(p.clientPlayId),
      trackId: String(p.trackId),
      startedAt,
      msPlayed: Number(p.msPlayed),
      source: typeof p.source === 'string' ? p.source : null,
    };
  });
}

/** Checks against the tracks: they exist and the time played fits in them. */
export function checkAgainstTracks(plays: PlayInput[], durations: Map<string, number>, errors: FieldError[]): void {
  plays.forEach((p, i) => {
    const duration = durations.get(p.trackId);
    if (duration === undefined) errors.push({ path: `plays[${i}].trackId`, message: 'is not a known track' });
    else if (p.msPlayed > duration + OVERRUN_SLACK_MS) errors.push({ path: `plays[${i}].msPlayed`, message: `is longer than the track (${duration} ms)` });
  });
}
