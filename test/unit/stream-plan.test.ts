import { planStream } from '../../src/modules/media/index.js';

const mp3At128 = { key: 'audio/ab/abc.mp3', bitrate: 128_000 };
const flac = { key: 'audio/ab/abc.flac', bitrate: 900_000 };
const unknownRate = { key: 'audio/ab/abc.opus', bitrate: null };

describe('planStream: the original when it fits, else an encode', () => {
  it.each([
    ['no wish', mp3At128, {}],
    ['raw, whatever else is asked', flac, { format: 'raw' as const, maxBitRateKbps: 64, timeOffsetSeconds: 10 }],
    ['its own format', mp3At128, { format: 'mp3' as const }],
    ['its own format within the limit', mp3At128, { format: 'mp3' as const, maxBitRateKbps: 128 }],
    ['a limit it is within', mp3At128, { maxBitRateKbps: 192 }],
    ['a limit of 0 (none)', flac, { maxBitRateKbps: 0 }],
  ])('sends the original for %s', (_why, file, wish) => {
    expect(planStream(file, wish)).toEqual({ kind: 'original' });
  });

  it.each([
    ['another format, at its default bitrate', mp3At128, { format: 'opus' as const }, { encoding: 'opus', kbps: 128, offsetSeconds: 0 }],
    ['its own format over the limit', mp3At128, { format: 'mp3' as const, maxBitRateKbps: 96 }, { encoding: 'mp3', kbps: 96, offsetSeconds: 0 }],
    ['a limit alone, over it: MP3 for a format not encoded here', flac, { maxBitRateKbps: 160 }, { encoding: 'mp3', kbps: 160, offsetSeconds: 0 }],
    ['a limit alone with an unknown bitrate: its own encoding', unknownRate, { maxBitRateKbps: 96 }, { encoding: 'opus', kbps: 96, offsetSeconds: 0 }],
    ['an offset, even in its own format', mp3At128, { format: 'mp3' as const, timeOffsetSeconds: 30 }, { encoding: 'mp3', kbps: 192, offsetSeconds: 30 }],
    ['a limit past what the encoder takes', flac, { format: 'opus' as const, maxBitRateKbps: 320 }, { encoding: 'opus', kbps: 256, offsetSeconds: 0 }],
    ['a limit under the floor', flac, { format: 'aac' as const, maxBitRateKbps: 8 }, { encoding: 'aac', kbps: 32, offsetSeconds: 0 }],
  ])('encodes for %s', (_why, file, wish, plan) => {
    expect(planStream(file, wish)).toEqual({ kind: 'transcode', ...plan });
  });
});
