import type { Mail } from '../../src/shared/mailer.js';
import { createTestContext, type TestContext } from '../support/context.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

/** The test's mailer holds every mail until `open()`: an answer that waited for the mail would never come. */
function gateMailer() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const calls: Mail[] = [];
  const send = ctx.mailer.send.bind(ctx.mailer);
  ctx.mailer.send = async (mail: Mail) => {
    calls.push(mail);
    await gate;
    await send(mail);
  };
  return { calls, open };
}

const forgot = (email: unknown) => ctx.http().post('/api/auth/forgot-password').send({ email });
const within = <T>(ms: number, p: PromiseLike<T>) =>
  Promise.race([p, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms).unref())]);

describe('POST /api/auth/forgot-password', () => {
  it('answers known and unknown addresses alike, before any mail is sent', async () => {
    const u = await ctx.user();
    const mailer = gateMailer();
    const known = await within(5000, forgot(u.email));
    expect(known).toMatchObject({ status: 204 });
    // The answer went out while the mail was still held: nothing about it was waited for.
    expect(ctx.mailer.sent).toHaveLength(0);
    const unknown = await within(5000, forgot('nobody-here@example.com'));
    expect(unknown).toMatchObject({ status: 204 });
    mailer.open();
    await ctx.container.services.auth.settled();
    expect(ctx.mailer.sent.map((m) => [m.to, m.subject])).toEqual([[u.email, 'Reset your Rhythmo password']]);
    expect(mailer.calls.map((m) => m.to)).toEqual([u.email]);
  });

  it('refuses a missing or malformed address with 400 and sends nothing', async () => {
    const before = ctx.mailer.sent.length;
    for (const email of [undefined, 'not an address', 42]) {
      const res = await forgot(email);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await ctx.container.services.auth.settled();
    expect(ctx.mailer.sent.length).toBe(before);
  });
});
