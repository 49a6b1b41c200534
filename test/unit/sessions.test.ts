import { Sessions, type SessionEnd } from '../../src/modules/auth/index.js';

const repo = {
  revokeFamily: async () => undefined,
  revokeUserTokens: async () => undefined,
  liveSessions: async (ids: string[]) => new Set(ids),
};

describe('Sessions', () => {
  it('a role change reaches the caches and the relay, and ends no session', async () => {
    const sessions = new Sessions(repo, { recheckMs: 60_000 });
    const heard: SessionEnd[] = [];
    const relayed: SessionEnd[] = [];
    sessions.onEnd((end) => heard.push(end));
    sessions.relayTo({ publish: (end) => relayed.push(end) });
    let ended = 0;
    sessions.watch('u1', 's1', () => (ended += 1));
    sessions.watch('u1', undefined, () => (ended += 1));

    sessions.accountChanged('u1');
    expect(heard).toEqual([{ userId: 'u1', sessionsKept: true }]);
    expect(relayed).toEqual(heard);
    expect(ended).toBe(0);
    // Delivered from another process, it ends nothing either.
    sessions.deliver({ userId: 'u1', sessionsKept: true });
    expect(ended).toBe(0);

    await sessions.revokeUserTokens('u1', new Date());
    expect(ended).toBe(2);
    sessions.close();
  });
});
