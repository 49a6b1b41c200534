import { accelReuseSeconds } from '../../src/modules/media/send-file.js';

describe('accelReuseSeconds: how long nginx may reuse a stream authorisation', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0, 400); // 0.4 s into a second
  const sec = Math.floor(now / 1000);

  it.each([
    ['the configured time when the credential lives longer', 5, sec + 3600, 5],
    ['what is left of the credential when that is shorter', 300, sec + 30, 29],
    ['nothing for a credential in its last second', 5, sec + 1, 0],
    ['nothing for one already expired', 5, sec - 10, 0],
    ['nothing when reuse is switched off', 0, sec + 3600, 0],
  ])('%s', (_, max, expiresAt, want) => {
    expect(accelReuseSeconds(max, expiresAt, now)).toBe(want);
  });
});
