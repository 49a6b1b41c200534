import { InvalidError, type FieldError } from '../../shared/errors.js';
import type { Interval, StatsRange } from './stats.types.js';

const DAY = 86_400_000;
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month'];

/** Longest range per interval, so a series never has more than a few thousand points. */
export const MAX_RANGE_DAYS: Record<Interval, number> = { day: 3 * 366, week: 10 * 366, month: 30 * 366 };
const DEFAULT_RANGE_DAYS: Record<Interval, number> = { day: 30, week: 7 * 26, month: 365 };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: string | undefined, path: string, errors: FieldError[]): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const ok = DATE_ONLY.test(value) || DATE_TIME.test(value);
  const date = ok ? new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    errors.push({ path, message: 'must be an ISO 8601 date (2024-05-01) or date-time (2024-05-01T12:00:00Z)' });
    return undefined;
  }
  return date;
}

/** The first instant (UTC) of the bucket `at` falls in; weeks start on Monday. */
export function bucketStart(at: Date, interval: Interval): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (interval === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (interval === 'month') d.setUTCDate(1);
  return d;
}

export function nextBucket(start: Date, interval: Interval): Date {
  const d = new Date(start);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/** Every bucket start from the one holding `from` up to `to` (exclusive), as YYYY-MM-DD. */
export function bucketStarts(range: StatsRange): string[] {
  const starts: string[] = [];
  for (let d = bucketStart(range.from, range.interval); d < range.to; d = nextBucket(d, range.interval)) starts.push(d.toISOString().slice(0, 10));
  return starts;
}

/**
 * Reads `from`, `to` (exclusive) and `interval`. Without `to` the range ends now; without
 * `from` it covers a default span for the interval.
 */
export function parseRange(input: { from?: string; to?: string; interval?: string }, now: Date): StatsRange {
  const errors: FieldError[] = [];
  const interval = (input.interval ?? 'day') as Interval;
  if (!INTERVALS.includes(interval)) errors.push({ path: 'interval', message: `must be one of ${INTERVALS.join(', ')}` });
  const to = parseInstant(input.to, 'to', errors);
  const from = parseInstant(input.from, 'from', errors);
  if (errors.length) throw new InvalidError('Invalid statistics range', errors);
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS[interval] * DAY);
  if (start >= end) throw new InvalidError('Invalid statistics range', [{ path: 'from', message: 'must be before to' }]);
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS[interval] * DAY) {
    throw new InvalidError('Invalid statistics range', [{ path: 'to', message: `the range may span at most ${MAX_RANGE_DAYS[interval]} days with interval ${interval}` }]);
  }
  return { from: start, to: end, interval };
}
