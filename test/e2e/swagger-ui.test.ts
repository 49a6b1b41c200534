import { createTestContext, type TestContext } from '../support/context.js';
import { artifactPath, hasChromium, launchBrowser, listen } from '../support/browser.js';

const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('Swagger UI in a real browser', () => {
  let ctx: TestContext;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await listen(ctx.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  it('authorizes with a token from login and executes GET /api/me with a 200', async () => {
    const user = await ctx.user('listener');
    const page = await browser.browser.newPage();
    try {
      await page.goto(`${server.url}/api/schema/swagger-ui/`);
      await page.locator('button.authorize').first().click();
      const bearerForm = page.locator('.modal-ux form').filter({ hasText: 'bearerAuth' });
      await bearerForm.locator('input[type=text]').fill(user.token);
      await bearerForm.locator('button.authorize').click();
      await page.locator('.modal-ux button.btn-done').first().click();

      const op = page.locator('#operations-me-getMe');
      await op.locator('.opblock-summary').click();
      await op.locator('button.try-out__btn').click();
      await op.locator('button.execute').click();
      const status = op.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor({ timeout: 15_000 });
      expect((await status.innerText()).trim()).toBe('200');
      await expect(op.locator('.live-responses-table .microlight').first().innerText()).resolves.toContain(user.username);
      await status.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('swagger-ui-get-me.png'), fullPage: false });
    } finally {
      await page.close();
    }
  });
});
