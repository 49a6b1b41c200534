import { canDelete, canRead, canWrite } from '../../src/modules/playlists/playlist.rules.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';

const owner = userActor('u-owner', 'listener');
const other = userActor('u-other', 'listener');
const artist = userActor('u-artist', 'artist');
const admin = userActor('u-admin', 'admin');
const priv = { ownerId: 'u-owner', visibility: 'private' as const };
const pub = { ownerId: 'u-owner', visibility: 'public' as const };

describe('playlist access rules', () => {
  it.each([
    ['owner', owner, [true, true, true, true, true, true]],
    ['another listener', other, [false, true, false, false, false, false]],
    ['an artist', artist, [false, true, false, false, false, false]],
    ['an admin', admin, [true, true, false, false, true, true]],
    ['the system (CLI)', SYSTEM, [true, true, true, true, true, true]],
  ])('%s: read private/public, write private/public, delete private/public', (_who, actor, expected) => {
    expect([canRead(actor, priv), canRead(actor, pub), canWrite(actor, priv), canWrite(actor, pub), canDelete(actor, priv), canDelete(actor, pub)]).toEqual(expected);
  });
});
