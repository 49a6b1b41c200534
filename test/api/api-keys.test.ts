import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const keyRows = async (userId: string) => {
  const [rows] = await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n FROM api_keys WHERE user_id = :userId', { replacements: { userId } });
  return Number((rows as { n: number }[])[0]!.n);
};
const create = (u: TestUser, body: unknown) => ctx.http().post('/api/me/api-keys').set(bearer(u)).send(body as object);
const list = (u: TestUser) => ctx.http().get('/api/me/api-keys').set(bearer(u));

describe('API keys of the signed-in user', () => {
  it('creates a key shown once, lists keys without it, and deletes one', async () => {
    const me = await ctx.user('listener');
    const first = await create(me, { name: '  Phone  ' });
    expect(first.status).toBe(201);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toEqual({ id: expect.any(String), name: 'Phone', key: expect.stringMatching(/^rhy_[A-Za-z0-9_-]{43}$/), createdAt: expect.any(String) });
    await new Promise((r) => setTimeout(r, 5));
    const second = await create(me, { name: 'Desktop player' });
    expect(second.body.key).not.toBe(first.body.key);

    const listed = await list(me);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      { id: second.body.id, name: 'Desktop player', createdAt: second.body.createdAt, lastUsedAt: null },
      { id: first.body.id, name: 'Phone', createdAt: first.body.createdAt, lastUsedAt: null },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(first.body.key.slice(4));

    // The key works until it is deleted.
    const { actor } = await ctx.container.services.apiKeys.authenticate({ kind: 'apiKey', apiKey: first.body.key }, '127.0.0.1');
    expect(actor.id).toBe(me.id);
    const used = (await list(me)).body.items.find((k: { id: string }) => k.id === first.body.id);
    expect(Date.parse(used.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.createdAt));

    await ctx.http().delete(`/api/me/api-keys/${first.body.id}`).set(bearer(me)).expect(204);
    expect((await list(me)).body.items.map((k: { id: string }) => k.id)).toEqual([second.body.id]);
    await expect(ctx.container.services.apiKeys.authenticate({ kind: 'apiKey', apiKey: first.body.key }, '127.0.0.1')).rejects.toMatchObject({
      reason: 'invalid-api-key',
    });
    // Deleting again: it is gone.
    expect((await ctx.http().delete(`/api/me/api-keys/${first.body.id}`).set(bearer(me))).status).toBe(404);
  });

  it('refuses a bad name with 400 and writes nothing', async () => {
    const me = await ctx.user('listener');
    const refused: unknown[] = [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 42 }, { name: null }, { name: 'ok\u0000' }];
    for (const body of refused) {
      const res = await create(me, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await create(me, { name: 'x'.repeat(100) })).status).toBe(201);
    expect(await keyRows(me.id)).toBe(1);
  });

  it('takes nothing but a name: other fields are refused, not assigned', async () => {
    const me = await ctx.user('listener');
    const other = await ctx.user('listener');
    const bodies = [
      { name: 'Phone', key: 'rhy_' + 'A'.repeat(43) },
      { name: 'Phone', userId: other.id },
      { name: 'Phone', id: newId() },
      { name: 'Phone', lastUsedAt: new Date().toISOString() },
    ];
    for (const body of bodies) expect((await create(me, body)).status).toBe(400);
    expect(await keyRows(me.id)).toBe(0);
    expect(await keyRows(other.id)).toBe(0);
  });

  it('keeps at most 20 keys per account: the 21st is a 409 and is not stored', async () => {
    const me = await ctx.user('listener');
    for (let i = 0; i < 20; i++) expect((await create(me, { name: `Key ${i}` })).status).toBe(201);
    const refused = await create(me, { name: 'One too many' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/20/);
    expect(await keyRows(me.id)).toBe(20);
    expect((await list(me)).body.items).toHaveLength(20);
    // Another account has its own 20.
    expect((await create(await ctx.user('listener'), { name: 'Phone' })).status).toBe(201);
  }, 60_000);

  it('holds the limit when keys are created at once', async () => {
    const me = await ctx.user('listener');
    for (let i = 0; i < 18; i++) await create(me, { name: `Key ${i}` }).expect(201);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create(me, { name: `Racing ${i}` })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
    expect(await keyRows(me.id)).toBe(20);
  }, 60_000);

  it('answers 401 without a token, writing nothing', async () => {
    const me = await ctx.user('listener');
    const { body: mine } = await create(me, { name: 'Phone' });
    expect((await ctx.http().get('/api/me/api-keys')).status).toBe(401);
    expect((await ctx.http().post('/api/me/api-keys').send({ name: 'Phone' })).status).toBe(401);
    expect((await ctx.http().delete(`/api/me/api-keys/${mine.id}`)).status).toBe(401);
    expect(await keyRows(me.id)).toBe(1);
  });

  it("shows nobody else's keys and deletes none of them: 404, even for an admin", async () => {
    const owner = await ctx.user('listener');
    const { body: mine } = await create(owner, { name: 'Phone' });
    for (const caller of [await ctx.user('listener'), await ctx.user('artist'), await ctx.user('admin')]) {
      expect((await list(caller)).body.items).toEqual([]);
      expect((await ctx.http().delete(`/api/me/api-keys/${mine.id}`).set(bearer(caller))).status).toBe(404);
    }
    expect((await ctx.http().delete(`/api/me/api-keys/${newId()}`).set(bearer(owner))).status).toBe(404);
    expect((await ctx.http().delete('/api/me/api-keys/not-a-uuid').set(bearer(owner))).status).toBe(400);
    expect((await list(owner)).body.items.map((k: { id: string }) => k.id)).toEqual([mine.id]);
    await expect(ctx.container.services.apiKeys.authenticate({ kind: 'apiKey', apiKey: mine.key }, '127.0.0.1')).resolves.toBeTruthy();
  });
});
