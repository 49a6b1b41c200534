import { sendTrackStream, STREAM_FORMATS, type StreamFormat } from '../modules/media/index.js';
import { SENT, type Handler } from './handler.js';

/** A format Rhythmo does not encode (flac, m4a, a player's own name) is no wish at all: the original, or MP3 when over maxBitRate. */
const formatOf = (value: string | undefined): StreamFormat | undefined =>
  value !== undefined && (STREAM_FORMATS as readonly string[]).includes(value.toLowerCase()) ? (value.toLowerCase() as StreamFormat) : undefined;

/**
 * `stream`: the song's audio as the API's stream route sends it, with Subsonic's names:
 * maxBitRate (kbps, 0 for none), format, timeOffset (seconds; encodes only) and
 * estimateContentLength (an estimated Content-Length on a stream still being encoded).
 * Errors before the first byte go through the door's envelope.
 */
export const stream: Handler = async ({ container, actor, params, req, res }) => {
  await sendTrackStream(container.services.media, req, res, {
    actor,
    trackId: params.id('id'),
    format: formatOf(params.optional('format')),
    maxBitRateKbps: params.int('maxBitRate', { min: 0, max: 100_000, default: 0 }),
    timeOffsetSeconds: params.int('timeOffset', { min: 0, max: 86_400, default: 0 }),
    estimateContentLength: params.bool('estimateContentLength', false),
  });
  return SENT;
};

/** `download`: always the stored file, untouched, with ranges. */
export const download: Handler = async ({ container, actor, params, req, res }) => {
  await sendTrackStream(container.services.media, req, res, { actor, trackId: params.id('id'), format: 'raw' });
  return SENT;
};
