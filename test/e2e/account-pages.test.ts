import { createTestContext, type TestContext } from '../support/context.js';
import { artifactPath, hasChromium, launchBrowser, listen, CHROMIUM } from '../support/browser.js';
import { createApp } from '../../src/http/app.js';

const describeBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`Account page browser tests skipped: no chromium at ${CHROMIUM}`);

describeBrowser('the pages behind mailed links, in a real browser', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const strong = 'correct horse battery staple';

  beforeAll(async () => {
    ctx = await createTestContext({ REQUIRE_EMAIL_VERIFICATION: 'true' });
    server = await listen(createApp(ctx.container, { validateResponses: true }));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  /** The mailed link, pointed at this test's server (the mail names PUBLIC_URL). */
  const mailedLink = (to: string, page: string) => {
    const text = ctx.mailer.sent.filter((m) => m.to === to).pop()!.text;
    const link = new URL(new RegExp(`(\\S+/${page}\\?token=\\S+)`).exec(text)![1]!);
    return `${server.url}${link.pathname}${link.search}`;
  };

  /** A page with its CSP refusals (shown in the console) and every request it made. */
  async function openPage() {
    const page = await browser.browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    // Only policy refusals count: the refused form's 400 is logged too, and is expected.
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
    page.on('request', (r) => requests.push(r.url()));
    return { page, errors, requests };
  }

  it('opening the verification link verifies the address, and the user can log in', async () => {
    await ctx.http().post('/api/auth/register').send({ email: 'browser@example.com', username: 'browseruser', password: strong }).expect(201);
    expect((await ctx.http().post('/api/auth/login').send({ login: 'browseruser', password: strong })).status).toBe(403);
    const { page, errors, requests } = await openPage();
    const res = await page.goto(mailedLink('browser@example.com', 'verify-email'));
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Email verified');
    await page.screenshot({ path: artifactPath('verify-email.png') });
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    expect((await ctx.http().post('/api/auth/login').send({ login: 'browseruser', password: strong })).status).toBe(200);
    await page.close();
  });

  it('the reset link shows a form; two different passwords are refused, a good one works', async () => {
    const u = await ctx.user();
    await ctx.http().post('/api/auth/forgot-password').send({ email: u.email }).expect(204);
    await ctx.container.services.auth.settled();
    const { page, errors } = await openPage();
    await page.goto(mailedLink(u.email, 'reset-password'));
    await page.getByLabel('New password').fill(`${strong} one`);
    await page.getByLabel('Repeat it').fill(`${strong} two`);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/passwords differ/i);
    const fresh = `${strong} renewed`;
    await page.getByLabel('New password').fill(fresh);
    await page.getByLabel('Repeat it').fill(fresh);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Password changed');
    await page.screenshot({ path: artifactPath('reset-password-done.png') });
    expect(errors).toEqual([]);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.username, password: fresh })).status).toBe(200);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.username, password: u.password })).status).toBe(401);
    await page.close();
  });
});
