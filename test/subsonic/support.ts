import http from 'node:http';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { SubsonicAPI } from 'subsonic-api';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { SYSTEM, type Role } from '../../src/shared/actor.js';

/** A user of the /rest door: an account and one API key, made through the REST API as an app's user would. */
export interface SubsonicUser extends TestUser {
  apiKey: string;
}

export interface SubsonicContext extends TestContext {
  /** The server's origin, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  subsonicUser(role?: Role, name?: string): Promise<SubsonicUser>;
}

/** The test context with a listening server that real HTTP clients (fetch, subsonic-api) can reach. */
export async function createSubsonicContext(env: Record<string, string> = {}): Promise<SubsonicContext> {
  const ctx = await createTestContext(env);
  const server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    ...ctx,
    url: `http://127.0.0.1:${port}`,
    async subsonicUser(role: Role = 'listener', name?: string) {
      const user = await ctx.user(role, name);
      const res = await ctx.http().post('/api/me/api-keys').set('Authorization', `Bearer ${user.token}`).send({ name: 'test app' });
      if (res.status !== 201) throw new Error(`creating an API key answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { ...user, apiKey: res.body.key as string };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
    },
  };
}

/** How a client proves who it is: the OpenSubsonic API key, or the legacy salted token with the key as password. */
export type AuthStyle = 'apiKey' | 'token';
export const AUTH_STYLES: AuthStyle[] = ['apiKey', 'token'];

/** The npm client a real app would use, authenticating in the given style; `post` sends form bodies. */
export function client(ctx: SubsonicContext, user: SubsonicUser, style: AuthStyle = 'apiKey', options: { post?: boolean } = {}): SubsonicAPI {
  const auth = style === 'apiKey' ? { apiKey: user.apiKey } : { username: user.username, password: user.apiKey };
  return new SubsonicAPI({ url: ctx.url, auth, post: options.post });
}

/** Query parameters for a hand-made request: credentials as the style wants, plus v and c as clients send them. */
export function authParams(user: SubsonicUser, style: AuthStyle | 'password' | 'encPassword' = 'apiKey'): URLSearchParams {
  const p = new URLSearchParams({ v: '1.16.1', c: 'rhythmo-tests' });
  if (style === 'apiKey') p.set('apiKey', user.apiKey);
  else if (style === 'password') {
    p.set('u', user.username);
    p.set('p', user.apiKey);
  } else if (style === 'encPassword') {
    p.set('u', user.username);
    p.set('p', `enc:${Buffer.from(user.apiKey, 'utf8').toString('hex')}`);
  } else {
    const salt = Math.random().toString(36).slice(2, 10);
    p.set('u', user.username);
    p.set('t', md5(user.apiKey + salt));
    p.set('s', salt);
  }
  return p;
}

function md5(text: string): string {
  // node:crypto is what a server-side client would use; the npm client brings its own.
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** GET /rest/NAME with the given parameters (f=json unless given), parsed from the subsonic-response wrapper. */
export async function restJson(ctx: SubsonicContext, name: string, params: URLSearchParams): Promise<{ status: number; body: SubsonicBody }> {
  const query = new URLSearchParams(params);
  if (!query.has('f')) query.set('f', 'json');
  const res = await fetch(`${ctx.url}/rest/${name}?${query}`);
  const text = await res.text();
  return { status: res.status, body: (JSON.parse(text) as { 'subsonic-response': SubsonicBody })['subsonic-response'] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SubsonicBody = { status: 'ok' | 'failed'; version: string; error?: { code: number; message: string } } & Record<string, any>;

/** The fixture library (real files of every format, covers, non-Latin names) imported as an operator would. */
export async function importFixtureLibrary(ctx: TestContext): Promise<void> {
  // One file at a time: under jest's VM modules, concurrent first loads of music-metadata's parsers can fail to link.
  const report = await ctx.container.services.imports.run(SYSTEM, { paths: [path.resolve('test/fixtures/audio/library')], concurrency: 1 });
  if (report.summary.failed > 0) throw new Error(`fixture import failed: ${JSON.stringify(report.files.filter((f) => f.status === 'failed'))}`);
}
