import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { artifactPath, hasChromium, launchBrowser, listen, CHROMIUM } from '../support/browser.js';
import { makeAlbum, makeArtist, makeTrack } from '../support/fixtures.js';
import { copyAudioFixtures } from '../support/media.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { SYSTEM } from '../../src/shared/actor.js';

const describeBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Admin panel browser tests skipped: no chromium at ${CHROMIUM}`);

/** The panel's pages as its users read them: words, columns and forms. */
describeBrowser('the admin panel pages', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let admin: TestUser, artist: TestUser;
  let shortSong: { id: string }, lead: { id: string }, guest: { id: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    const app = createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] });
    server = await listen(app);
    [admin, artist] = await Promise.all([ctx.user('admin', 'pagesadmin'), ctx.user('artist', 'pagesartist')]);
    lead = await makeArtist({ name: 'Lead Singer', managerId: artist.id });
    guest = await makeArtist({ name: 'Guest Star', managerId: artist.id });
    const album = await makeAlbum({ title: 'Night Album', artistIds: [lead.id] });
    shortSong = await makeTrack({ title: 'Short Song', artistIds: [lead.id, guest.id], albumId: album.id, durationMs: 60_029 });
    await makeTrack({ title: 'Long Song', artistIds: [guest.id], albumId: album.id, durationMs: 3_725_000 });
    browser = await launchBrowser();
    // The first request builds the component bundle (rollup): once, outside the tests' timeouts.
    expect((await fetch(`${server.url}/admin/frontend/assets/components.bundle.js`)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  async function signIn(page: Page, login: string, password: string) {
    await page.goto(`${server.url}/admin/login`);
    await page.locator('input[name=email]').fill(login);
    await page.locator('input[name=password]').fill(password);
    await Promise.all([page.waitForNavigation(), page.locator('input[name=password]').press('Enter')]);
    await page.waitForLoadState('networkidle');
  }

  async function newPage() {
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    return { page, problems };
  }

  /** The "*" AdminJS's Label draws before a required field's name. */
  const requiredMark = (page: Page, property: string) =>
    page
      .locator(`[data-testid=property-edit-${property}] label`)
      .first()
      .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } }).getComputedStyle(el, '::before').content);

  it('the sign-in page speaks of Rhythmo, takes a username, and no page asks another site for anything', async () => {
    const { page, problems } = await newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    try {
      await page.goto(`${server.url}/admin/login`);
      await page.waitForLoadState('networkidle');
      const text = await page.locator('body').innerText();
      expect(text).toContain('Rhythmo');
      expect(text).toMatch(/admin panel of this Rhythmo server/);
      expect(text).not.toMatch(/AdminJS|open-source/i);
      expect(await page.locator('label', { hasText: 'Email or username' }).count()).toBe(1);
      expect(await page.locator('input[name=email]').getAttribute('placeholder')).toBe('Email or username');
      await page.screenshot({ path: artifactPath('admin-login.png') });

      await signIn(page, 'pagesadmin', admin.password);
      expect(page.url()).toBe(`${server.url}/admin`);
      await page.locator('[data-testid=rhythmo-dashboard]').waitFor({ timeout: 30_000 });
      for (const where of ['/admin/resources/tracks', `/admin/resources/tracks/records/${shortSong.id}/show`, `/admin/resources/tracks/records/${shortSong.id}/edit`]) {
        await page.goto(server.url + where);
        await page.waitForLoadState('networkidle');
      }
      const elsewhere = requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== server.url);
      expect(requested.length).toBeGreaterThan(10);
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('the track list names its columns, shows artists in order, the album title and durations as m:ss or h:mm:ss', async () => {
    const { page, problems } = await newPage();
    try {
      await signIn(page, artist.email, artist.password);
      await page.goto(`${server.url}/admin/resources/tracks`);
      await page.locator('tr', { hasText: 'Short Song' }).waitFor({ timeout: 15_000 });
      const headers = (await page.locator('thead th, thead td').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
      expect(headers).toEqual(['Title', 'Artists', 'Album', 'Duration', 'Ratings', 'Created']);
      const short = await page.locator('tr', { hasText: 'Short Song' }).innerText();
      expect(short).toMatch(/Lead Singer, Guest Star\s+Night Album\s+1:00\s/);
      expect(short).not.toContain(shortSong.id);
      expect(await page.locator('tr', { hasText: 'Long Song' }).innerText()).toMatch(/Guest Star\s+Night Album\s+1:02:05\s/);
      await page.screenshot({ path: artifactPath('admin-track-list.png') });

      await page.goto(`${server.url}/admin/resources/albums`);
      await page.locator('tr', { hasText: 'Night Album' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('tr', { hasText: 'Night Album' }).innerText()).toContain('Lead Singer');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("a track's show and edit pages show its artists in order; removing one on the form saves the rest", async () => {
    const { page, problems } = await newPage();
    try {
      await signIn(page, artist.email, artist.password);
      await page.goto(`${server.url}/admin/resources/tracks/records/${shortSong.id}/show`);
      const artists = page.locator('[data-testid=property-show-artists]');
      await artists.waitFor({ timeout: 15_000 });
      expect(await artists.innerText()).toMatch(/Artists\s+Lead Singer, Guest Star/);
      expect(await page.locator('[data-testid=property-show-durationMs]').innerText()).toMatch(/Duration\s+1:00/);
      expect(await page.locator('[data-testid=property-show-albumId]').innerText()).toMatch(/Album\s+Night Album/);

      await page.goto(`${server.url}/admin/resources/tracks/records/${shortSong.id}/edit`);
      const picker = page.locator('[data-testid=property-edit-artistIds]');
      await picker.locator('[class*=singleValue]', { hasText: 'Guest Star' }).waitFor({ timeout: 15_000 });
      expect(await picker.locator('[class*=singleValue]').allInnerTexts()).toEqual(['Lead Singer', 'Guest Star']);
      expect(await page.locator('#audioFile').count()).toBe(0);
      expect(await requiredMark(page, 'title')).toBe('"*"');
      await page.screenshot({ path: artifactPath('admin-track-edit.png'), fullPage: true });

      await page.locator('input[name=title]').fill('Short Song (Edit)');
      await picker.locator('[class*=singleValue]', { hasText: 'Guest Star' }).locator('xpath=ancestor::*[.//button][1]').locator('button').last().click();
      expect(await picker.locator('[class*=singleValue]').allInnerTexts()).toEqual(['Lead Singer']);
      await page.locator('button[type=submit]').click();
      await page.waitForURL(/\/records\/[^/]+\/show|\/admin\/resources\/tracks(\?|$)/, { timeout: 15_000 });
      const saved = await ctx.container.services.catalog.getTrack(SYSTEM, shortSong.id);
      expect(saved.title).toBe('Short Song (Edit)');
      expect(saved.artists.map((a) => [a.name, a.role])).toEqual([['Lead Singer', 'main']]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('the upload form leaves Title optional, says the tags fill it, and they do', async () => {
    const fixtures = copyAudioFixtures();
    const { page, problems } = await newPage();
    try {
      await signIn(page, artist.email, artist.password);
      await page.goto(`${server.url}/admin/resources/tracks/actions/new`);
      await page.locator('#audioFile').waitFor({ timeout: 15_000 });
      expect(await requiredMark(page, 'title')).toMatch(/^(none|normal|"")$/);
      expect(await page.locator('[data-testid=title-hint]').innerText()).toBe("Leave empty to take it from the file's tags");
      await page.locator('#audioFile').setInputFiles(path.join(fixtures.dir, 'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'));
      await page.screenshot({ path: artifactPath('admin-track-upload.png'), fullPage: true });
      await page.locator('button[type=submit]').click();
      await page.waitForURL(/\/admin\/resources\/tracks\/records\/[^/]+\/show|\/admin\/resources\/tracks(\?|$)/, { timeout: 30_000 });
      const found = await ctx.container.services.catalog.listTracks(SYSTEM, { q: 'Dawn Chorus', limit: 5 });
      expect(found.items.map((t) => [t.title, t.artists.map((a) => a.name)])).toEqual([['Dawn Chorus', ['Nova Lights']]]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      fixtures.remove();
    }
  }, 90_000);

  it('a user makes an API key on their page, a Subsonic app signs in with it, and once deleted it is refused', async () => {
    const { page, problems } = await newPage();
    const ping = async (key: string) => {
      const query = new URLSearchParams({ u: 'pagesartist', p: key, v: '1.16.1', c: 'panel-test', f: 'json' });
      const res = await fetch(`${server.url}/rest/ping.view?${query}`);
      return ((await res.json()) as { 'subsonic-response': { status: string } })['subsonic-response'].status;
    };
    try {
      await signIn(page, artist.email, artist.password);
      await page.locator('a', { hasText: 'API keys' }).click();
      await page.locator('[data-testid=api-keys-page]').waitFor({ timeout: 15_000 });
      await page.locator('[data-testid=no-api-keys]').waitFor();
      await page.locator('#api-key-name').fill('Phone');
      await page.locator('[data-testid=create-api-key]').click();
      await page.locator('[data-testid=new-api-key]').waitFor({ timeout: 15_000 });
      const key = await page.locator('[data-testid=new-api-key-value]').inputValue();
      expect(await page.locator('[data-testid=hint-server]').innerText()).toBe(ctx.container.config.publicUrl);
      expect(await page.locator('[data-testid=hint-username]').innerText()).toBe('pagesartist');
      expect(await page.locator('[data-testid=api-key-row]').allInnerTexts()).toEqual([expect.stringMatching(/^Phone\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never/)]);
      await page.screenshot({ path: artifactPath('admin-api-keys.png'), fullPage: true });
      expect(await ping(key)).toBe('ok');

      // Shown once: the page loaded again lists the key by name only.
      await page.reload();
      await page.locator('[data-testid=api-key-row]').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-testid=new-api-key]').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain(key);

      await page.locator('[data-testid=delete-api-key]').click();
      expect(await ctx.container.services.apiKeys.list({ kind: 'user', id: artist.id, role: 'artist' })).toHaveLength(1);
      await page.locator('[data-testid=confirm-delete-api-key]').click();
      await page.locator('[data-testid=no-api-keys]').waitFor({ timeout: 15_000 });
      expect(await ctx.container.services.apiKeys.list({ kind: 'user', id: artist.id, role: 'artist' })).toEqual([]);
      expect(await ping(key)).toBe('failed');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
