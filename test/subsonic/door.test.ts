import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import { createApp } from '../../src/http/app.js';
import { AUTH_STYLES, authParams, client, createSubsonicContext, restJson, type SubsonicBody, type SubsonicContext, type SubsonicUser } from './support.js';

type Wrapped = { 'subsonic-response': SubsonicBody };

let ctx: SubsonicContext;
let alice: SubsonicUser;

beforeAll(async () => {
  ctx = await createSubsonicContext();
  alice = await ctx.subsonicUser('listener');
});
afterAll(() => ctx.close());

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, isArray: (name) => name === 'openSubsonicExtensions' || name === 'versions' });

describe('the /rest door', () => {
  it.each(AUTH_STYLES)('answers ping through the npm client authenticating by %s, with the OpenSubsonic header fields', async (style) => {
    const res = await client(ctx, alice, style).ping();
    expect(res).toMatchObject({ status: 'ok', version: '1.16.1', type: 'rhythmo', openSubsonic: true, serverVersion: expect.any(String) });
  });

  it('answers in XML by default, with the namespace, the header attributes and errors as elements', async () => {
    const res = await fetch(`${ctx.url}/rest/ping.view?${authParams(alice)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
    const text = await res.text();
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = xml.parse(text);
    expect(doc['subsonic-response']).toMatchObject({ '@xmlns': 'http://subsonic.org/restapi', '@status': 'ok', '@version': '1.16.1', '@type': 'rhythmo', '@openSubsonic': 'true' });

    const failed = xml.parse(await (await fetch(`${ctx.url}/rest/getLicense`)).text());
    expect(failed['subsonic-response']).toMatchObject({ '@status': 'failed', error: { '@code': '10', '@message': expect.stringContaining('u') } });
  });

  it('writes arrays of objects and of scalars as repeated elements (getOpenSubsonicExtensions, public)', async () => {
    const doc = xml.parse(await (await fetch(`${ctx.url}/rest/getOpenSubsonicExtensions`)).text());
    const extensions = doc['subsonic-response'].openSubsonicExtensions as { '@name': string; versions: number[] }[];
    expect(extensions).toEqual(expect.arrayContaining([{ '@name': 'formPost', versions: [1] }]));
    const json = (await (await fetch(`${ctx.url}/rest/getOpenSubsonicExtensions.view?f=json`)).json()) as Wrapped;
    expect(json['subsonic-response'].openSubsonicExtensions).toEqual(expect.arrayContaining([{ name: 'formPost', versions: [1] }]));
  });

  it('answers JSONP with the callback, and refuses a callback that is not a JavaScript name', async () => {
    const params = authParams(alice);
    params.set('f', 'jsonp');
    params.set('callback', 'app.onPing');
    const res = await fetch(`${ctx.url}/rest/ping.view?${params}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    const text = await res.text();
    const m = /^\/\*\*\/app\.onPing\((.*)\);$/s.exec(text);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1]!)['subsonic-response'].status).toBe('ok');

    params.set('callback', 'alert(1)//');
    const bad = await fetch(`${ctx.url}/rest/ping.view?${params}`);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await bad.json()) as Wrapped)['subsonic-response']).toMatchObject({ status: 'failed', error: { code: 10 } });
  });

  it('takes parameters from a form POST, and answers with and without .view, in any letter case', async () => {
    const body = authParams(alice);
    body.set('f', 'json');
    for (const name of ['ping', 'ping.view', 'PING.view']) {
      const res = await fetch(`${ctx.url}/rest/${name}`, { method: 'POST', body });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Wrapped)['subsonic-response'].status).toBe('ok');
    }
    const viaClient = await client(ctx, alice, 'token', { post: true }).getLicense();
    expect(viaClient).toMatchObject({ status: 'ok', license: { valid: true } });
  });

  it('accepts the key as a plain or enc: hex password, and never the account password', async () => {
    expect((await restJson(ctx, 'ping', authParams(alice, 'password'))).body.status).toBe('ok');
    expect((await restJson(ctx, 'ping', authParams(alice, 'encPassword'))).body.status).toBe('ok');
    const accountPassword = new URLSearchParams({ u: alice.username, p: alice.password });
    expect((await restJson(ctx, 'ping', accountPassword)).body.error).toMatchObject({ code: 40 });
    const encoded = new URLSearchParams({ u: alice.username, p: `enc:${Buffer.from(alice.password).toString('hex')}` });
    expect((await restJson(ctx, 'ping', encoded)).body.error).toMatchObject({ code: 40 });
  });

  it('answers the specification codes for missing and conflicting credentials, inside a 200', async () => {
    const cases: [URLSearchParams, number][] = [
      [new URLSearchParams(), 10],
      [new URLSearchParams({ u: alice.username }), 10],
      [new URLSearchParams({ u: alice.username, t: 'abc' }), 10],
      [new URLSearchParams({ apiKey: alice.apiKey, u: alice.username }), 43],
      [new URLSearchParams({ u: alice.username, p: alice.apiKey, t: 'abc', s: 'def' }), 43],
      [new URLSearchParams({ u: alice.username, t: 'a'.repeat(32), s: 'salt' }), 40],
      [new URLSearchParams({ u: 'nobody-at-all', p: alice.apiKey }), 40],
      [new URLSearchParams({ u: alice.username, p: 'enc:zz' }), 40],
      [new URLSearchParams({ apiKey: 'not-a-key' }), 44],
    ];
    for (const [params, code] of cases) {
      const res = await restJson(ctx, 'ping', params);
      expect({ status: res.status, code: res.body.error?.code, failed: res.body.status }).toEqual({ status: 200, code, failed: 'failed' });
    }
  });

  it('keeps the key, a password and a token out of the access log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = createApp({ ...ctx.container, logger: pino({ level: 'info' }, sink) });
    const salt = 'abcdef';
    await request(app).get(`/rest/ping.view?${authParams(alice)}`).expect(200);
    await request(app).get(`/rest/ping.view?${authParams(alice, 'encPassword')}`).expect(200);
    await request(app).get(`/rest/ping.view?u=${alice.username}&t=${createHash('md5').update(alice.apiKey + salt).digest('hex')}&s=${salt}`).expect(200);
    const log = lines.join('');
    expect(log).toContain('/rest/ping.view?');
    expect(log).toContain('apiKey=[redacted]');
    expect(log).toContain('p=[redacted]');
    expect(log).toContain('t=[redacted]');
    expect(log).not.toContain(alice.apiKey);
    expect(log).not.toContain(Buffer.from(alice.apiKey).toString('hex'));
  });

  it('says an unknown endpoint is unknown', async () => {
    const res = await restJson(ctx, 'noSuchThing', authParams(alice));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 'failed', error: { code: 0 } });
    const proto = await restJson(ctx, 'constructor', authParams(alice));
    expect(proto.body).toMatchObject({ status: 'failed', error: { code: 0 } });
  });
});

describe('failed sign-ins through the door', () => {
  let limited: SubsonicContext;
  let bob: SubsonicUser;
  beforeAll(async () => {
    limited = await createSubsonicContext({ RATE_LIMIT_ACCOUNT_PER_WINDOW: '3' });
    bob = await limited.subsonicUser('listener');
  });
  afterAll(() => limited.close());

  it('past the limit are answered with a generic error and Retry-After inside a 200, even with the right key', async () => {
    const wrong = new URLSearchParams({ u: bob.username, p: 'not-the-key', f: 'json' });
    for (let i = 0; i < 3; i++) expect((await restJson(limited, 'ping', wrong)).body.error).toMatchObject({ code: 40 });
    const res = await fetch(`${limited.url}/rest/ping.view?${authParams(bob, 'password')}&f=json`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as Wrapped)['subsonic-response']).toMatchObject({ status: 'failed', error: { code: 0 } });
  });
});
