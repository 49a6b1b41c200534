import type { Handler, PublicHandler } from './handler.js';

/** Extensions this server implements, with the versions of each. */
export const EXTENSIONS: { name: string; versions: number[] }[] = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'songLyrics', versions: [1] },
];

export const ping: Handler = async () => ({});

export const getLicense: Handler = async () => ({ license: { valid: true } });

export const getOpenSubsonicExtensions: PublicHandler = {
  // stream's timeOffset needs ffmpeg: without it Rhythmo serves originals only, and says so by leaving transcodeOffset out.
  public: async ({ container }) => {
    const transcoding = (await container.services.media.transcoder?.available()) ?? false;
    const offered = transcoding ? [...EXTENSIONS, { name: 'transcodeOffset', versions: [1] }] : EXTENSIONS;
    return { openSubsonicExtensions: offered.map((e) => ({ name: e.name, versions: e.versions })) };
  },
};
