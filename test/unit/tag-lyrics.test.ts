import { normalizeTags, parseLrc } from '../../src/modules/media/tags.js';

describe('lyrics and ReplayGain in tags', () => {
  it('reads LRC lines with two- and three-digit fractions, leaving untimed lines out', () => {
    expect(parseLrc('[ar:Someone]\n[00:01.5]One\n[00:02.25]Two\n[1:02.125] Three \nno time')).toEqual([
      { startMs: 1500, text: 'One' },
      { startMs: 2250, text: 'Two' },
      { startMs: 62125, text: 'Three' },
    ]);
    expect(parseLrc('just words')).toBeNull();
  });

  it('keeps SYLT lines timed in milliseconds and only the text of those timed in MPEG frames', () => {
    const ms = normalizeTags({ lyrics: [{ timeStampFormat: 2, syncText: [{ timestamp: 10, text: 'a' }, { timestamp: 20, text: 'b' }] }] });
    expect(ms.lyrics).toEqual({ text: 'a\nb', synced: [{ startMs: 10, text: 'a' }, { startMs: 20, text: 'b' }] });
    const frames = normalizeTags({ lyrics: [{ timeStampFormat: 1, text: 'a\nb', syncText: [{ timestamp: 10, text: 'a' }] }] });
    expect(frames.lyrics).toEqual({ text: 'a\nb', synced: null });
  });

  it('falls back to an ID3 user text frame, keeps line breaks and drops other controls', () => {
    const tags = normalizeTags({}, { 'ID3v2.4': [{ id: 'TXXX:LYRICS', value: 'one\r\ntwo\u0000\u0007' }] });
    expect(tags.lyrics).toEqual({ text: 'one\ntwo', synced: null });
    expect(normalizeTags({}, { 'ID3v2.4': [{ id: 'TXXX:USLT', value: '[00:03.00]timed' }] }).lyrics).toEqual({ text: 'timed', synced: [{ startMs: 3000, text: 'timed' }] });
    expect(normalizeTags({}, { 'ID3v2.4': [{ id: 'TXXX:MOOD', value: 'calm' }] }).lyrics).toBeUndefined();
  });

  it('cuts very long lyrics rather than refusing the file', () => {
    const tags = normalizeTags({ lyrics: [{ text: 'la '.repeat(50_000) }] });
    expect(tags.lyrics!.text.length).toBe(100_000);
  });

  it('keeps ReplayGain values in range and leaves out the absurd ones', () => {
    expect(normalizeTags({ replaygain_track_gain: { dB: -6.5 }, replaygain_track_peak: { ratio: 0.98765 } }).replayGain).toEqual({
      trackGain: -6.5, trackPeak: 0.9877, albumGain: null, albumPeak: null,
    });
    expect(normalizeTags({ replaygain_track_gain: { dB: 900 }, replaygain_album_peak: { ratio: Number.NaN } }).replayGain).toBeUndefined();
  });
});
