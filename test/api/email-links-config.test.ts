import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/context.js';
import { createApp } from '../../src/http/app.js';

const strong = 'correct horse battery staple';

describe('with a client app (PUBLIC_APP_URL)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_APP_URL: 'https://app.example.com/' });
  });
  afterAll(() => ctx.close());

  it('mailed links point at the app, and Rhythmo serves no pages of its own', async () => {
    await ctx.http().post('/api/auth/register').send({ email: 'app@example.com', username: 'appuser', password: strong }).expect(201);
    expect(ctx.mailer.sent.pop()!.text).toMatch(/https:\/\/app\.example\.com\/verify-email\?token=\S+/);
    expect((await ctx.http().get('/verify-email?token=abc')).status).toBe(404);
    expect((await ctx.http().get('/reset-password?token=abc')).status).toBe(404);
  });
});

describe('without one', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ RATE_LIMIT_ACCOUNT_PER_WINDOW: '2' });
  });
  afterAll(() => ctx.close());

  it('asking for a new verification mail is rate limited per address', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await ctx.http().post('/api/auth/verify-email/resend').send({ email: 'x@example.com' })).status);
    expect(codes).toEqual([204, 204, 429]);
  });

  it('the access log never holds a mailed token, nor any other query-string credential', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = createApp({ ...ctx.container, logger: pino({ level: 'info' }, sink) });
    await request(app).get('/verify-email?token=SECRETTOKEN1');
    await request(app).get('/reset-password?x=1&token=SECRETTOKEN2');
    await request(app).get('/api/announcements/stream?access_token=SECRETTOKEN3');
    const log = lines.join('');
    expect(log).toContain('/verify-email?token=[redacted]');
    expect(log).not.toMatch(/SECRETTOKEN/);
  });
});
