import type { ByteRange } from './storage.js';

export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable' };

/** More ranges than this in one header is not a player seeking; serve the whole file instead. */
const MAX_RANGES = 16;

/**
 * RFC 9110 byte ranges against a file of `size` bytes. Several ranges are merged when they
 * overlap or touch; if they still leave gaps the whole file is sent with 200, so a response
 * never carries more bytes than the file. A header we cannot parse is ignored (200), as the
 * RFC allows; one whose every range starts past the end is unsatisfiable (416).
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (!header) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  if (specs.length === 0 || specs.length > MAX_RANGES) return { kind: 'full' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return { kind: 'full' };
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix === 0 || size === 0) continue;
      ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(r[1]);
    if (start >= size) continue;
    const end = r[2] === '' ? size - 1 : Number(r[2]);
    if (end < start) return { kind: 'full' };
    ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  ranges.sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [{ ...ranges[0]! }];
  for (const r of ranges.slice(1)) {
    const last = merged[merged.length - 1]!;
    if (r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  if (merged.length > 1) return { kind: 'full' };
  const only = merged[0]!;
  if (only.start === 0 && only.end === size - 1) return { kind: 'full' };
  return { kind: 'partial', range: only };
}

/** RFC 9110 weak comparison for If-None-Match. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * If-Range holds a strong ETag or an HTTP date; the range applies only when it still names this
 * version. `lastModified` is a Date or its time in milliseconds.
 */
export function ifRangeHolds(header: string | undefined, etag: string, lastModified: Date | number): boolean {
  if (!header) return true;
  const v = header.trim();
  if (v.startsWith('"') || v.startsWith('W/')) return !v.startsWith('W/') && v === etag;
  const date = Date.parse(v);
  return Number.isFinite(date) && Math.floor(Number(lastModified) / 1000) === Math.floor(date / 1000);
}
