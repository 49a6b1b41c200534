import path from 'node:path';

/**
 * The shared audio fixtures sit beside the repository (../shared/fixtures/audio), as in CI;
 * RHYTHMO_FIXTURES points elsewhere. Tests copy them into temp dirs and never write here.
 */
export const AUDIO_FIXTURES = path.resolve(process.env.RHYTHMO_FIXTURES ?? path.join(process.cwd(), '../shared/fixtures/audio'));
