import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, storedFiles } from '../support/media.js';
import { hasChromium, launchBrowser, listen } from '../support/browser.js';
import { userActor } from '../../src/shared/actor.js';
import { loadOpenApiDocument } from '../../src/http/openapi-document.js';

/**
 * Rhythmo called exactly the way clients call it: URLs built with URLSearchParams (`+` for a
 * space, `%2C` for a comma), uploads as FormData with a Blob through the global fetch, images in
 * `<img>` and audio in `<audio>` on a page of another origin in Chromium, none of which can send
 * a bearer header. Hand-built URLs in the other tests can hide what these ones meet.
 */

let ctx: TestContext;
let api: Awaited<ReturnType<typeof listen>>;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let listener: TestUser;
const uploaded: Record<string, { id: string; title: string; coverUrl: string | null; album: { id: string } | null; artists: { id: string }[] }> = {};

const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
const fixture = (rel: string) => path.join(fixtures.dir, rel);

async function upload(rel: string, as: TestUser = admin, name = path.basename(rel), fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([fs.readFileSync(fixture(rel))], { type: 'application/octet-stream' }), name);
  return fetch(`${api.url}/api/tracks`, { method: 'POST', headers: auth(as), body: form });
}

/** GET with the query built by URLSearchParams, as browsers, axios and HTML forms send it. */
async function getJson(pathname: string, params: Record<string, string>, as: TestUser = listener) {
  const res = await fetch(`${api.url}${pathname}?${new URLSearchParams(params).toString()}`, { headers: auth(as) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The same GET with a hand-written query string, for spellings URLSearchParams never makes. */
async function getRaw(pathAndQuery: string, as: TestUser = listener) {
  const res = await fetch(`${api.url}${pathAndQuery}`, { headers: auth(as) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const titles = (body: Record<string, unknown>, kind?: string) => {
  const list = (kind ? (body[kind] as { items: { title?: string; name?: string }[] }).items : (body.items as { title?: string; name?: string }[])) ?? [];
  return list.map((x) => x.title ?? x.name);
};

beforeAll(async () => {
  ctx = await createTestContext();
  api = await listen(ctx.app);
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
  for (const rel of [
    'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3',
    'library/Various Artists/Night Drive/04.wav',
    'library/Кино Тишины/Северный ветер/01 Северный ветер.flac',
    'long/long-60s.mp3',
  ]) {
    const res = await upload(rel);
    if (res.status !== 201) throw new Error(`upload of ${rel}: ${res.status} ${await res.text()}`);
    const track = (await res.json()) as (typeof uploaded)[string];
    uploaded[track.title] = track;
  }
});
afterAll(async () => {
  await api?.close();
  await ctx?.close();
  fixtures?.remove();
});

describe('uploads as FormData with a Blob through fetch', () => {
  it('creates the track, reading the fields and a Cyrillic file name the way the browser encoded them', async () => {
    const res = await upload('library/Untagged Artist/Loose Album/05 - Found Sound.mp3', admin, 'Звуки/Альбом/05 - Найденный звук.mp3', { genres: 'Ambient, Field Recording' });
    expect(res.status).toBe(201);
    const track = (await res.json()) as { title: string; genres: { name: string }[]; trackNumber: number | null };
    expect(track.title).toBe('Найденный звук');
    expect(track.genres.map((g) => g.name).sort()).toEqual(['Ambient', 'Field Recording']);
  });

  it('answers 400 for a form without the file and 403 for a listener, keeping nothing', async () => {
    const before = storedFiles(ctx);
    const empty = new FormData();
    empty.append('title', 'No file');
    const res = await fetch(`${api.url}/api/tracks`, { method: 'POST', headers: auth(admin), body: empty });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await upload('library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3', listener)).status).toBe(403);
    expect(storedFiles(ctx)).toEqual(before);
  });
});

describe('query strings built by URLSearchParams', () => {
  it('reads "+" as a space in search (q=Last+Stop)', async () => {
    const res = await getJson('/api/search', { q: 'Last Stop' });
    expect(res.status).toBe(200);
    expect(titles(res.body, 'tracks')).toContain('Last Stop');
  });

  it('reads "+" as a space in the list filters (q=Dawn+Chorus)', async () => {
    const res = await getJson('/api/tracks', { q: 'Dawn Chorus' });
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['Dawn Chorus']);
    const albums = await getJson('/api/albums', { q: 'Night Drive' });
    expect(albums.status).toBe(200);
    expect(titles(albums.body)).toEqual(['Night Drive']);
    const artists = await getJson('/api/artists', { q: 'Nova Lights' });
    expect(artists.status).toBe(200);
    expect(titles(artists.body)).toEqual(['Nova Lights']);
  });

  it('answers the same for %20, "+" and a Cyrillic query in either spelling', async () => {
    const plus = await getRaw('/api/search?q=Dawn+Chorus&type=track');
    const pct = await getRaw('/api/search?q=Dawn%20Chorus&type=track');
    expect(plus.status).toBe(200);
    expect(pct.body).toEqual(plus.body);
    expect(titles(plus.body, 'tracks')).toEqual(['Dawn Chorus']);
    const cyrillic = await getJson('/api/search', { q: 'Северный ветер', type: 'track' });
    expect(cyrillic.status).toBe(200);
    expect(titles(cyrillic.body, 'tracks')).toEqual(['Северный ветер']);
    expect(titles((await getJson('/api/tracks', { q: 'северный ветер' })).body)).toEqual(['Северный ветер']);
  });

  it('takes a comma list encoded (type=track%2Calbum) or not (type=track,album)', async () => {
    const encoded = await getJson('/api/search', { q: 'Night Drive', type: 'track,album' });
    expect(encoded.status).toBe(200);
    const raw = await getRaw('/api/search?q=Night+Drive&type=track,album');
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(encoded.body);
    expect(titles(raw.body, 'albums')).toEqual(['Night Drive']);
    expect(titles(raw.body, 'artists')).toEqual([]);
  });

  it('keeps an encoded "+" and other reserved characters literal', async () => {
    const res = await getJson('/api/search', { q: 'C++ & AC/DC: "live"?', type: 'track' });
    expect(res.status).toBe(200);
    expect(titles(res.body, 'tracks')).toEqual([]);
    const list = await getJson('/api/tracks', { q: 'Dawn+Chorus' });
    expect(list.status).toBe(200);
  });

  it('still refuses bad values with a clear 400, however they are encoded', async () => {
    for (const q of ['/api/search?q=Dawn&type=track,song', '/api/search?q=Dawn&type=track%2Csong', '/api/tracks?q=Dawn&limit=ten', '/api/tracks?sort=title+desc']) {
      const res = await getRaw(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body.status).toBe(400);
    }
  });

  it('accepts a cursor handed back by the previous page, re-encoded by URLSearchParams', async () => {
    const first = await getJson('/api/tracks', { limit: '1', sort: 'title' });
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await getJson('/api/tracks', { limit: '1', sort: 'title', cursor });
    expect(second.status).toBe(200);
    expect(titles(second.body)).not.toEqual(titles(first.body));
  });

  it('never refuses a reserved character left unencoded, in any query parameter of any GET', async () => {
    type Param = { name: string; in: string; $ref?: string };
    type Op = { parameters?: Param[]; responses?: Record<string, { content?: Record<string, unknown> }> };
    const doc = loadOpenApiDocument() as { paths: Record<string, Record<string, Op>>; components: { parameters: Record<string, Param> } };
    const resolve = (p: Param) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!]! : p);
    const refused: string[] = [];
    let checked = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      const op = item.get;
      if (!op || Object.values(op.responses ?? {}).some((r) => r.content?.['text/event-stream'])) continue;
      const url = template.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const names = [...(item.parameters as Op['parameters'] ?? []), ...(op.parameters ?? [])].map(resolve).filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of names) {
        const res = await fetch(`${api.url}${url}?${name}=a+b,c/d:e`, { headers: auth(admin) });
        const text = await res.text();
        checked += 1;
        if (/url encoded|reserved/i.test(text)) refused.push(`${template} ${name}: ${text}`);
      }
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('lets a signed stream URL through URLSearchParams and fetch unchanged', async () => {
    const track = uploaded['Dawn Chorus']!;
    const issued = (await (await fetch(`${api.url}/api/tracks/${track.id}/stream-url`, { method: 'POST', headers: auth(listener) })).json()) as { url: string };
    const url = new URL(issued.url, api.url);
    // What a client does when it adds a parameter of its own: the query is serialized again.
    url.searchParams.sort();
    const res = await fetch(url, { headers: { Range: 'bytes=0-1' } });
    expect(res.status).toBe(206);
    // Every character percent-encoded, as an over-eager client may send it, is the same signature.
    const sig = url.searchParams.get('sig')!;
    const spelled = `${api.url}/api/tracks/${track.id}/stream?u=${url.searchParams.get('u')}&expires=${url.searchParams.get('expires')}&sig=${[...sig].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')}`;
    expect((await fetch(spelled, { headers: { Range: 'bytes=0-1' } })).status).toBe(206);
    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}+A`);
    expect((await fetch(tampered)).status).toBe(401);
  });
});

describe('image URLs usable without a header', () => {
  it('hands out cover and photo URLs that answer without Authorization, cached for good', async () => {
    const track = uploaded['Северный ветер']!;
    expect(track.coverUrl).toBeTruthy();
    const res = await fetch(new URL(track.coverUrl!, api.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});

const describeBrowser = hasChromium ? describe : describe.skip;

// The page's globals, as far as the scripts below use them: the project compiles without the DOM library.
interface PageElement {
  src: string;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  addEventListener(name: string, listener: () => void, options?: { once: boolean }): void;
}
interface PageImage extends PageElement {
  naturalWidth: number;
}
interface PageAudio extends PageElement {
  muted: boolean;
  preload: string;
  readyState: number;
  currentTime: number;
  duration: number;
  error: { code: number } | null;
  play(): Promise<void>;
  pause(): void;
}
declare const document: {
  createElement(tag: 'img'): PageImage;
  createElement(tag: 'audio'): PageAudio;
  body: { append(node: PageElement): void };
};

describeBrowser('in Chromium, on a page of another origin', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let site: http.Server;
  let siteUrl: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    // A web client's own origin: a different port, with nothing but an empty page.
    site = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>client</title><body></body>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
  });

  async function naturalWidth(src: string): Promise<number> {
    const page = await browser.browser.newPage();
    try {
      await page.goto(siteUrl);
      return await page.evaluate(
        (s) =>
          new Promise<number>((resolve) => {
            const img = document.createElement('img');
            img.onload = () => resolve(img.naturalWidth);
            img.onerror = () => resolve(0);
            img.src = s;
            document.body.append(img);
          }),
        src,
      );
    } finally {
      await page.close();
    }
  }

  it('shows a track cover, an album cover, an artist photo and a private playlist cover in <img>', async () => {
    const track = uploaded['Северный ветер']!;
    const png = fs.readFileSync(fixture('library/Кино Тишины/Северный ветер/cover.png'));
    const artistId = track.artists[0]!.id;
    await fetch(`${api.url}/api/artists/${artistId}/photo`, { method: 'PUT', headers: { ...auth(admin), 'Content-Type': 'image/png' }, body: png });
    await fetch(`${api.url}/api/albums/${track.album!.id}/cover`, { method: 'PUT', headers: { ...auth(admin), 'Content-Type': 'image/png' }, body: png });
    const artist = (await getRaw(`/api/artists/${artistId}`)).body as { photoUrl: string };
    const album = (await getRaw(`/api/albums/${track.album!.id}`)).body as { coverUrl: string };
    const playlist = await ctx.container.services.playlists.create(userActor(listener.id, 'listener'), { name: 'Private', visibility: 'private' });
    const put = await fetch(`${api.url}/api/playlists/${playlist.id}/cover`, { method: 'PUT', headers: { ...auth(listener), 'Content-Type': 'image/png' }, body: png });
    expect(put.status).toBe(200);
    const mine = (await getRaw(`/api/playlists/${playlist.id}`)).body as { coverUrl: string };
    for (const url of [track.coverUrl!, album.coverUrl, artist.photoUrl, mine.coverUrl]) {
      expect({ url, shown: (await naturalWidth(new URL(url, api.url).href)) > 0 }).toEqual({ url, shown: true });
    }
  });

  it('plays a signed stream URL in <audio>, and seeks', async () => {
    const track = uploaded[Object.keys(uploaded).find((t) => !['Dawn Chorus', 'Last Stop', 'Северный ветер'].includes(t))!]!;
    const issued = (await (await fetch(`${api.url}/api/tracks/${track.id}/stream-url`, { method: 'POST', headers: auth(listener) })).json()) as { url: string };
    const page = await browser.browser.newPage();
    try {
      await page.goto(siteUrl);
      const result = await page.evaluate(async (src) => {
        const audio = document.createElement('audio');
        audio.muted = true;
        audio.preload = 'auto';
        audio.src = src;
        document.body.append(audio);
        const event = (name: string) =>
          new Promise<void>((resolve, reject) => {
            audio.addEventListener(name, () => resolve(), { once: true });
            audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), { once: true });
          });
        await event('canplay');
        const readyState = audio.readyState;
        await audio.play();
        const start = performance.now();
        while (audio.currentTime < 0.3 && performance.now() - start < 10_000) await new Promise((r) => setTimeout(r, 50));
        const played = audio.currentTime;
        audio.currentTime = 40;
        await event('seeked');
        const seekedTo = audio.currentTime;
        audio.pause();
        return { readyState, played, seekedTo, duration: audio.duration };
      }, new URL(issued.url, api.url).href);
      expect(result.readyState).toBeGreaterThanOrEqual(2);
      expect(result.played).toBeGreaterThan(0);
      expect(result.duration).toBeGreaterThan(50);
      expect(result.seekedTo).toBeGreaterThanOrEqual(39);
    } finally {
      await page.close();
    }
  });
});
