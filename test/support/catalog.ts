import { createHash, randomUUID } from 'node:crypto';
import type { TestContext, TestUser } from './context.js';
import { SYSTEM, userActor, type Actor } from '../../src/shared/actor.js';
import type { AudioInfo, NewTrackInput, TrackDto } from '../../src/modules/catalog/index.js';

/** A stored-audio description for tracks whose bytes the test never reads. */
export function fakeAudio(overrides: Partial<AudioInfo> = {}): AudioInfo {
  const sha256 = createHash('sha256').update(randomUUID()).digest('hex');
  return {
    key: `audio/${sha256.slice(0, 2)}/${sha256}.mp3`,
    mimeType: 'audio/mpeg',
    codec: 'MPEG 1 Layer 3',
    bitrate: 320000,
    sampleRate: 44100,
    channels: 2,
    sizeBytes: 4_000_000,
    sha256,
    durationMs: 200_000,
    ...overrides,
  };
}

export const actorOfUser = (u: TestUser): Actor => userActor(u.id, u.role);

/** Creates a track through the catalog service, as an upload would. */
export function addTrack(ctx: TestContext, input: Omit<NewTrackInput, 'audio'> & { audio?: Partial<AudioInfo> }, as: Actor = SYSTEM): Promise<TrackDto> {
  return ctx.container.services.catalog.createTrack(as, { ...input, audio: fakeAudio(input.audio) });
}

export async function count(ctx: TestContext, table: string): Promise<number> {
  const [rows] = await ctx.container.db.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as { n: number | string }[])[0]!.n);
}
