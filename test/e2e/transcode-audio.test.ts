import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { hasChromium, launchBrowser, listen } from '../support/browser.js';
import { childrenGone } from '../support/children.js';

/**
 * A transcoded stream in Chromium's <audio>, from a signed URL on a page of another origin:
 * the first play (streamed while ffmpeg writes it) and the cached one (with ranges) both play,
 * seek, and play on from where they were sent.
 */

const describeBrowser = hasChromium ? describe : describe.skip;

// The page's globals the script below uses: the project compiles without the DOM library.
interface PageAudio {
  src: string;
  muted: boolean;
  preload: string;
  currentTime: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(name: string, listener: () => void, options?: { once: boolean }): void;
  play(): Promise<void>;
  pause(): void;
}
declare const document: { createElement(tag: 'audio'): PageAudio; body: { append(node: PageAudio): void } };

describeBrowser('a transcoded stream in Chromium', () => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof listen>>;
  let fixtures: ReturnType<typeof copyAudioFixtures>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let site: http.Server;
  let siteUrl: string;
  let listener: TestUser;
  let trackId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await listen(ctx.app);
    fixtures = copyAudioFixtures();
    const admin = await ctx.user('admin');
    listener = await ctx.user('listener');
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(path.join(fixtures.dir, 'long/long-60s.mp3'))]), 'long-60s.mp3');
    const res = await fetch(`${api.url}/api/tracks`, { method: 'POST', headers: { Authorization: `Bearer ${admin.token}` }, body: form });
    trackId = ((await res.json()) as { id: string }).id;
    browser = await launchBrowser();
    site = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>client</title><body></body>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
    await api?.close();
    await ctx?.close();
    fixtures?.remove();
    expect(await childrenGone('ffmpeg')).toEqual([]);
  });

  async function playAndSeek(src: string) {
    const page = await browser.browser.newPage();
    try {
      await page.goto(siteUrl);
      return await page.evaluate(async (url) => {
        const audio = document.createElement('audio');
        audio.muted = true;
        audio.preload = 'auto';
        audio.src = url;
        document.body.append(audio);
        const event = (name: string) =>
          new Promise<void>((resolve, reject) => {
            audio.addEventListener(name, () => resolve(), { once: true });
            audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), { once: true });
          });
        const until = async (ok: () => boolean) => {
          const start = performance.now();
          while (!ok() && performance.now() - start < 15_000) await new Promise((r) => setTimeout(r, 50));
        };
        await event('canplay');
        await audio.play();
        await until(() => audio.currentTime > 0.3);
        const played = audio.currentTime;
        audio.currentTime = 40;
        await event('seeked');
        const seekedTo = audio.currentTime;
        await until(() => audio.currentTime > seekedTo + 0.3);
        const after = audio.currentTime;
        audio.pause();
        return { played, seekedTo, after, duration: audio.duration };
      }, src);
    } finally {
      await page.close();
    }
  }

  it('plays an Opus encode from a signed URL, seeks and plays on: first play and cached', async () => {
    const made = await fetch(`${api.url}/api/tracks/${trackId}/stream-url?${new URLSearchParams({ format: 'opus', bitrate: '96' })}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${listener.token}` },
    });
    const src = new URL(((await made.json()) as { url: string }).url, api.url).href;
    for (const play of ['first', 'cached']) {
      const result = await playAndSeek(src);
      expect({ play, played: result.played > 0 }).toEqual({ play, played: true });
      expect(result.seekedTo).toBeGreaterThanOrEqual(39);
      expect(result.after).toBeGreaterThan(result.seekedTo);
    }
    expect(fs.readdirSync(ctx.config.transcode.cacheDir).filter((n) => n.endsWith('.96k.opus'))).toHaveLength(1);
  }, 90_000);
});
