import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { artifactPath, hasChromium, launchBrowser, listen, CHROMIUM } from '../support/browser.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { copyAudioFixtures } from '../support/media.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';

const describeBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Admin panel browser tests skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describeBrowser('the admin panel in a real browser', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let admin: TestUser, artist: TestUser, other: TestUser, listener: TestUser;
  const DAY = 86_400_000;

  /** A month of plays on a few tracks, so the charts have something to draw. */
  async function seedPlays(tracks: { id: string }[], listeners: TestUser[]) {
    const now = Date.now();
    const rows: unknown[][] = [];
    for (let d = 0; d < 30; d++) {
      tracks.forEach((track, t) => {
        const count = 1 + ((d * 7 + t * 3) % 5) + (t === 0 ? 3 : 0);
        for (let i = 0; i < count; i++) {
          const user = listeners[(d + i + t) % listeners.length]!;
          rows.push([newId(), user.id, track.id, new Date(now - d * DAY - i * 60_000), 60_000 + i * 30_000, i % 3 !== 0, newId(), new Date()]);
        }
      });
    }
    const sql = 'INSERT INTO plays (id, user_id, track_id, started_at, ms_played, completed, client_play_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
    for (const r of rows) await ctx.container.db.sequelize.query(sql, { replacements: r });
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const app = createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] });
    server = await listen(app);
    [admin, artist, other, listener] = await Promise.all([ctx.user('admin', 'e2eadmin'), ctx.user('artist', 'e2eartist'), ctx.user('artist', 'e2eother'), ctx.user('listener', 'e2elistener')]);
    const fans = await Promise.all([1, 2, 3, 4].map((i) => ctx.user('listener', `e2efan${i}`)));
    const mine = await makeArtist({ name: 'Northern Lights', managerId: artist.id });
    const theirs = await makeArtist({ name: 'Someone Else', managerId: other.id });
    const myTracks = [];
    for (const title of ['Aurora', 'Polar Night', 'Midnight Sun']) myTracks.push(await makeTrack({ title, artistIds: [mine.id] }));
    const theirTrack = await makeTrack({ title: 'Not Yours', artistIds: [theirs.id] });
    await seedPlays([...myTracks, theirTrack], fans);
    for (const fan of fans.slice(0, 3)) await ctx.container.services.follows.follow({ kind: 'user', id: fan.id, role: 'listener' }, mine.id);
    browser = await launchBrowser();
    // The first request builds the component bundle (rollup): do it once, outside the tests' timeouts.
    const res = await fetch(`${server.url}/admin/frontend/assets/components.bundle.js`);
    expect(res.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  async function signIn(page: Page, user: { email: string; password: string }) {
    await page.goto(`${server.url}/admin/login`);
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await Promise.all([page.waitForNavigation(), page.locator('input[name=password]').press('Enter')]);
    await page.waitForLoadState('networkidle');
  }

  /** Fails the test on any CSP violation or script error in the panel. */
  function watchConsole(page: Page) {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
    });
    return problems;
  }

  it('an admin signs in, sees the platform dashboard, finds a user and changes the role', async () => {
    const target = await ctx.user('listener', 'e2etarget');
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchConsole(page);
    try {
      await signIn(page, admin);
      await page.locator('[data-testid=rhythmo-dashboard]').waitFor({ timeout: 30_000 });
      await expect(page.locator('[data-testid=rhythmo-dashboard] h2').innerText()).resolves.toBe('Platform');
      await page.locator('[data-testid=chart-plays] polyline.series-line').waitFor();
      await page.screenshot({ path: artifactPath('admin-dashboard.png'), fullPage: true });

      await page.goto(`${server.url}/admin/resources/users?filters.username=e2etarget`);
      const row = page.locator('tr', { hasText: target.email });
      await row.waitFor({ timeout: 15_000 });
      await row.locator('td', { hasText: target.email }).first().click();
      await page.waitForURL(/\/records\/[^/]+\/show/);
      await page.goto(page.url().replace(/\/show$/, '/edit'));
      const role = page.locator('section', { hasText: 'Role' }).locator('.adminjs_Select, [class*=control]').first();
      await role.click();
      await page.keyboard.type('artist');
      await page.keyboard.press('Enter');
      await page.screenshot({ path: artifactPath('admin-user-edit.png') });
      await page.locator('button[type=submit]').click();
      await page.waitForURL(/\/admin\/resources\/users(\?|$)/, { timeout: 15_000 });
      expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).role).toBe('artist');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('an artist signs in, sees only their own tracks, and the dashboard chart draws', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchConsole(page);
    try {
      await signIn(page, artist);
      await page.locator('[data-testid=rhythmo-dashboard]').waitFor({ timeout: 30_000 });
      await expect(page.locator('[data-testid=rhythmo-dashboard] h2').innerText()).resolves.toBe('Northern Lights');
      const points = await page.locator('[data-testid=chart-plays] polyline.series-line').getAttribute('points');
      expect(points!.trim().split(/\s+/).length).toBe(31);
      expect(new Set(points!.trim().split(/\s+/).map((p) => p.split(',')[1])).size).toBeGreaterThan(1);
      await page.locator('[data-testid=chart-top-tracks] rect').first().waitFor();
      expect(await page.locator('[data-testid=chart-top-tracks] rect').count()).toBe(3);
      await page.screenshot({ path: artifactPath('artist-dashboard.png'), fullPage: true });

      await page.goto(`${server.url}/admin/resources/tracks`);
      await page.locator('tr', { hasText: 'Aurora' }).waitFor({ timeout: 15_000 });
      const body = await page.locator('table').innerText();
      for (const title of ['Aurora', 'Polar Night', 'Midnight Sun']) expect(body).toContain(title);
      expect(body).not.toContain('Not Yours');
      await page.screenshot({ path: artifactPath('artist-tracks.png') });
      // The users resource is not theirs to open.
      await page.goto(`${server.url}/admin/resources/users`);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('body').innerText()).not.toContain(listener.email);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('an artist uploads a track through the panel form, picking their artist profile', async () => {
    const fixtures = copyAudioFixtures();
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchConsole(page);
    try {
      await signIn(page, artist);
      await page.goto(`${server.url}/admin/resources/tracks/actions/new`);
      await page.locator('#audioFile').setInputFiles(path.join(fixtures.dir, 'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3'));
      await page.locator('input[name=title]').fill('Panel Upload');
      // The artists picker (an array of references) searches the profiles this account may use.
      const artists = page.locator('[data-testid=property-edit-artistIds]');
      await artists.getByRole('button', { name: /Add new item/ }).click();
      const picker = artists.locator('[class*=control]').first();
      await picker.click();
      await page.keyboard.type('Someone');
      await page.locator('[class*=menu]', { hasText: /No options/ }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('North');
      await page.locator('[class*=option]', { hasText: 'Northern Lights' }).first().click();
      await page.screenshot({ path: artifactPath('artist-upload-form.png') });
      await page.locator('button[type=submit]').click();
      await page.waitForURL(/\/admin\/resources\/tracks\/records\/[^/]+\/show|\/admin\/resources\/tracks(\?|$)/, { timeout: 30_000 });
      const uploaded = await ctx.container.services.catalog.listTracks(SYSTEM, { q: 'Panel Upload', limit: 5 });
      expect(uploaded.items.map((t) => t.title)).toEqual(['Panel Upload']);
      const track = uploaded.items[0]!;
      expect(track.artists.map((a) => a.name)).toEqual(['Northern Lights']);
      expect(track.durationMs).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      fixtures.remove();
    }
  }, 90_000);

  it('an admin bans a user from the confirmation page; a link or a form on another site cannot', async () => {
    const target = await ctx.user('listener', 'e2ebanned');
    const banUrl = `${server.url}/admin/api/resources/users/records/${target.id}/ban`;
    // Another site (localhost is not 127.0.0.1 to the browser) with a link and a form aimed at the panel.
    const elsewhere = await listen((_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<a id="link" href="${banUrl}">cute cats</a><form id="form" method="post" action="${banUrl}"></form>`);
    });
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchConsole(page);
    try {
      await signIn(page, admin);
      const foreign = elsewhere.url.replace('127.0.0.1', 'localhost');
      await page.goto(foreign);
      await Promise.all([page.waitForNavigation(), page.locator('#link').click()]);
      await page.goto(foreign);
      await Promise.all([page.waitForNavigation(), page.locator('#form').evaluate((f) => (f as unknown as { submit(): void }).submit())]);
      expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).status).toBe('active');

      await page.goto(`${server.url}/admin/resources/users/records/${target.id}/show`);
      await page.locator('[data-testid=action-ban]').click();
      await page.locator('[data-testid=confirm-action]').waitFor({ timeout: 15_000 });
      expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).status).toBe('active');
      await page.screenshot({ path: artifactPath('admin-ban-confirm.png') });
      await page.locator('[data-testid=confirm-action-button]').click();
      await page.waitForURL(/\/records\/[^/]+\/show/, { timeout: 15_000 });
      expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).status).toBe('banned');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await elsewhere.close();
    }
  }, 90_000);

  it('an admin queues a recommendation run from the Background jobs page, after a confirmation', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchConsole(page);
    try {
      await signIn(page, admin);
      await page.goto(`${server.url}/admin/resources/job_runs`);
      await page.locator('[data-testid=action-queueRecommendationRun]').click();
      await page.locator('[data-testid=confirm-action]').waitFor({ timeout: 15_000 });
      expect((await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items).toEqual([]);
      await page.locator('[data-testid=confirm-action-button]').click();
      await page.waitForURL(/\/job_runs\/records\/[^/]+\/show/, { timeout: 15_000 });
      const [run] = (await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items;
      expect(run).toMatchObject({ status: 'queued', requestedBy: admin.id });
      expect(page.url()).toContain(run!.id);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('a listener is refused', async () => {
    const page = await browser.browser.newPage();
    try {
      await signIn(page, listener);
      expect(page.url()).toMatch(/\/admin\/login$/);
      await expect(page.locator('body').innerText()).resolves.toMatch(/Only admin and artist accounts/);
      await page.screenshot({ path: artifactPath('listener-refused.png') });
      await page.goto(`${server.url}/admin`);
      expect(page.url()).toMatch(/\/admin\/login$/);
    } finally {
      await page.close();
    }
  });
});
