import path from 'node:path';

/**
 * The audio fixtures live in the repository (test/fixtures/audio), so a clone anywhere passes the
 * tests with nothing beside it; RHYTHMO_FIXTURES points elsewhere. Tests copy them into temp dirs
 * and never write here.
 */
export const AUDIO_FIXTURES = path.resolve(process.env.RHYTHMO_FIXTURES ?? path.join(process.cwd(), 'test/fixtures/audio'));
