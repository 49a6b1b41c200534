import { createTestContext, type TestContext } from '../support/context.js';
import { ACCESS } from './access-table.js';
import { operations } from './operations.js';
import { PNG, STREAMED_FILE, buildCall, isRead } from './requests.js';
import { ROLES, createCast, createWorld, listen, send, type Cast, type Server, type World } from './world.js';

// Every operation of the OpenAPI document, called by every kind of caller, against the outcome
// declared once in access-table.ts. A new operation without a declaration fails here.

const ops = operations().sort((a, b) => a.operationId.localeCompare(b.operationId));
let ctx: TestContext;
let server: Server;
let cast: Cast;
let shared: World;
let calls = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(ctx);
  cast = await createCast(ctx);
  shared = await createWorld(ctx, cast, STREAMED_FILE);
  const { admin, listenerA } = cast.users;
  const image = { body: new Uint8Array(PNG), contentType: 'image/png' };
  for (const path of [`/api/artists/${shared.artistId}/photo`, `/api/albums/${shared.albumId}/cover`, `/api/tracks/${shared.trackId}/cover`]) {
    const stored = await send(server, { method: 'PUT', path, ...image }, admin.token);
    expect(stored.status).toBe(200);
    shared.imageName = String((JSON.parse(stored.text) as { url: string }).url).split('/').pop()!.split('?')[0];
  }
  expect((await send(server, { method: 'PUT', path: `/api/playlists/${shared.playlistId}/cover`, ...image }, listenerA.token)).status).toBe(200);
});

afterAll(async () => {
  console.log(`authorization matrix: ${calls} calls over ${ops.length} operations and ${ROLES.length} callers`);
  await server?.close();
  await ctx?.close();
});

it('declares an outcome for every operation of the document, and only for those', () => {
  const ids = ops.map((o) => o.operationId);
  expect(ids.filter((id) => !(id in ACCESS))).toEqual([]);
  expect(Object.keys(ACCESS).filter((id) => !ids.includes(id))).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
});

it.each(ops.map((o) => [`${o.operationId} (${o.method} ${o.path})`, o] as const))('%s', async (_name, op) => {
  const expected = ACCESS[op.operationId];
  if (!expected) throw new Error(`${op.operationId} has no declared outcome in test/security/access-table.ts`);
  const wrong: string[] = [];
  for (const role of ROLES) {
    const user = role === 'anonymous' ? undefined : cast.users[role];
    const world = isRead(op) ? shared : await createWorld(ctx, cast);
    const call = await buildCall(op, { ctx, cast, world, role, user });
    const answer = await send(server, call, user?.token);
    calls += 1;
    if (answer.status !== expected[role]) wrong.push(`${role}: expected ${expected[role]}, got ${answer.status} ${answer.text.slice(0, 200)}`);
    else if (answer.status >= 400 && op.method !== 'HEAD' && !answer.contentType.startsWith('application/problem+json')) wrong.push(`${role}: ${answer.status} as ${answer.contentType}`);
  }
  expect(wrong).toEqual([]);
});
