import { checkAgainstTracks, isCompleted, isCounted, parsePlays } from '../../src/modules/plays/play.rules.js';
import type { FieldError } from '../../src/shared/errors.js';

describe('isCompleted', () => {
  it.each([
    [180_000, 162_000, true],
    [180_000, 161_999, false],
    [30_000, 25_000, true],
    [30_000, 24_999, false],
    [4_000, 2_000, true],
    [4_000, 1_999, false],
    [0, 0, true],
  ])('a %i ms track played %i ms -> %s', (duration, played, expected) => {
    expect(isCompleted(played, duration)).toBe(expected);
  });
});

describe('isCounted (the scrobble rule)', () => {
  it.each([
    [200_000, 100_000, true],
    [200_000, 99_999, false],
    [600_000, 240_000, true],
    [600_000, 239_999, false],
    [40_000, 30_000, true],
    [40_000, 29_999, false],
    [20_000, 10_000, true],
    [20_000, 9_999, false],
    [200_000, 0, false],
    [0, 0, false],
  ])('a %i ms track played %i ms -> %s', (duration, played, expected) => {
    expect(isCounted(played, duration)).toBe(expected);
  });

  it('follows the configured thresholds', () => {
    const strict = { minMs: 60_000, maxMs: 600_000, fraction: 0.9 };
    expect(isCounted(179_999, 200_000, strict)).toBe(false);
    expect(isCounted(180_000, 200_000, strict)).toBe(true);
    expect(isCounted(54_000, 60_000, strict)).toBe(true);
  });
});

describe('parsePlays', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const good = { clientPlayId: 'a', trackId: 't', startedAt: '2025-06-01T11:00:00Z', msPlayed: 5 };

  it('accepts a small clock skew and names each bad field', () => {
    const errors: FieldError[] = [];
    parsePlays([good, { ...good, startedAt: '2025-06-01T12:04:00Z' }], now, errors);
    expect(errors).toEqual([]);
    parsePlays([good, { ...good, startedAt: '2025-06-01T12:06:00Z', msPlayed: 1.5, source: 'Bad Source' }], now, errors);
    expect(errors.map((e) => e.path)).toEqual(['plays[1].startedAt', 'plays[1].msPlayed', 'plays[1].source']);
  });

  it('refuses empty and oversized batches', () => {
    for (const input of [[], undefined, Array(501).fill(good)]) {
      const errors: FieldError[] = [];
      parsePlays(input, now, errors);
      expect(errors).toEqual([{ path: 'plays', message: expect.any(String) }]);
    }
  });

  it('checks tracks and durations', () => {
    const errors: FieldError[] = [];
    const plays = parsePlays([good, { ...good, trackId: 'u' }, { ...good, msPlayed: 20_001 }], now, errors);
    checkAgainstTracks(plays, new Map([['t', 10_000]]), errors);
    expect(errors.map((e) => e.path)).toEqual(['plays[1].trackId', 'plays[2].msPlayed']);
  });
});
