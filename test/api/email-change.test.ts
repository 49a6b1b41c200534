import { createTestContext, bearer, type TestContext } from '../support/context.js';

const strong = 'correct horse battery staple';
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ REQUIRE_EMAIL_VERIFICATION: 'true' });
});
afterAll(() => ctx.close());

const mailsTo = (to: string) => ctx.mailer.sent.filter((m) => m.to === to);
const linkIn = (text: string, page: string) => new RegExp(`(\\S+/${page}\\?token=\\S+)`).exec(text)?.[1];
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const me = async (u: { token: string }) => (await ctx.http().get('/api/me').set(bearer(u))).body;

describe('changing the email address', () => {
  it('keeps the old address until the new one is verified, mails the new one and notifies the old one', async () => {
    const u = await ctx.user();
    const next = `new-${u.username}@example.com`;
    const res = await ctx.http().patch('/api/me').set(bearer(u)).send({ email: next.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: u.email, emailVerified: true, pendingEmail: next });
    expect(mailsTo(u.email).pop()?.text).toContain(next);
    const mail = mailsTo(next).pop()!;
    expect(mail.subject).toMatch(/Confirm/);
    const link = linkIn(mail.text, 'verify-email')!;
    expect(link.startsWith(ctx.config.publicUrl)).toBe(true);
    // Still logs in (and is still verified) with the old address meanwhile.
    expect((await ctx.http().post('/api/auth/login').send({ login: u.email, password: u.password })).status).toBe(200);
    expect((await ctx.http().post('/api/auth/verify-email').send({ token: tokenOf(link) })).status).toBe(204);
    expect(await me(u)).toMatchObject({ email: next, emailVerified: true });
    expect((await me(u)).pendingEmail).toBeUndefined();
    expect((await ctx.http().post('/api/auth/login').send({ login: next, password: u.password })).status).toBe(200);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.email, password: u.password })).status).toBe(401);
  });

  it('setting the current address again cancels the change and spends its link', async () => {
    const u = await ctx.user();
    await ctx.http().patch('/api/me').set(bearer(u)).send({ email: `later-${u.username}@example.com` }).expect(200);
    const token = tokenOf(linkIn(mailsTo(`later-${u.username}@example.com`).pop()!.text, 'verify-email')!);
    const res = await ctx.http().patch('/api/me').set(bearer(u)).send({ email: u.email });
    expect(res.status).toBe(200);
    expect(res.body.pendingEmail).toBeUndefined();
    expect((await ctx.http().post('/api/auth/verify-email').send({ token })).status).toBe(400);
    expect((await me(u)).email).toBe(u.email);
  });

  it('refuses an address someone has, at request and at verification, and changes nothing', async () => {
    const [a, b, c] = [await ctx.user(), await ctx.user(), await ctx.user()];
    expect((await ctx.http().patch('/api/me').set(bearer(a)).send({ email: b.email })).status).toBe(409);
    expect((await me(a)).pendingEmail).toBeUndefined();
    // b and c both ask for the same free address; whoever verifies second is refused.
    const shared = `shared-${a.username}@example.com`;
    await ctx.http().patch('/api/me').set(bearer(b)).send({ email: shared }).expect(200);
    const bToken = tokenOf(linkIn(mailsTo(shared).pop()!.text, 'verify-email')!);
    await ctx.http().patch('/api/me').set(bearer(c)).send({ email: shared }).expect(200);
    const cToken = tokenOf(linkIn(mailsTo(shared).pop()!.text, 'verify-email')!);
    expect((await ctx.http().post('/api/auth/verify-email').send({ token: cToken })).status).toBe(204);
    const late = await ctx.http().post('/api/auth/verify-email').send({ token: bToken });
    expect(late.status).toBe(409);
    expect((await me(b)).email).toBe(b.email);
  });
});

describe('POST /api/auth/verify-email/resend', () => {
  it('lets an unverified user who cannot log in ask for a new link, which works', async () => {
    await ctx.http().post('/api/auth/register').send({ email: 'locked@example.com', username: 'locked', password: strong }).expect(201);
    expect((await ctx.http().post('/api/auth/login').send({ login: 'locked', password: strong })).status).toBe(403);
    const before = mailsTo('locked@example.com').length;
    expect((await ctx.http().post('/api/auth/verify-email/resend').send({ email: 'Locked@Example.com' })).status).toBe(204);
    await ctx.container.services.auth.settled();
    const mails = mailsTo('locked@example.com');
    expect(mails.length).toBe(before + 1);
    // The first link is spent by the second.
    expect((await ctx.http().post('/api/auth/verify-email').send({ token: tokenOf(linkIn(mails[0]!.text, 'verify-email')!) })).status).toBe(400);
    expect((await ctx.http().post('/api/auth/verify-email').send({ token: tokenOf(linkIn(mails.at(-1)!.text, 'verify-email')!) })).status).toBe(204);
    expect((await ctx.http().post('/api/auth/login').send({ login: 'locked', password: strong })).status).toBe(200);
  });

  it('mails a pending change again to the new address', async () => {
    const u = await ctx.user();
    const next = `again-${u.username}@example.com`;
    await ctx.http().patch('/api/me').set(bearer(u)).send({ email: next }).expect(200);
    await ctx.http().post('/api/auth/verify-email/resend').send({ email: u.email }).expect(204);
    await ctx.container.services.auth.settled();
    expect(mailsTo(next).length).toBe(2);
  });

  it('answers the same for unknown and verified addresses and sends nothing', async () => {
    const u = await ctx.user();
    const before = ctx.mailer.sent.length;
    for (const email of ['nobody@example.com', u.email]) {
      expect((await ctx.http().post('/api/auth/verify-email/resend').send({ email })).status).toBe(204);
    }
    await ctx.container.services.auth.settled();
    expect(ctx.mailer.sent.length).toBe(before);
  });

  it.each([[{}], [{ email: 'not-an-email' }], [{ email: 'a@example.com', extra: 1 }]])('refuses %j with 400', async (body) => {
    const before = ctx.mailer.sent.length;
    const res = await ctx.http().post('/api/auth/verify-email/resend').send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(ctx.mailer.sent.length).toBe(before);
  });
});

describe('the pages behind the mailed links', () => {
  it('verify the address from the link, with no referrer and a strict policy', async () => {
    await ctx.http().post('/api/auth/register').send({ email: 'page@example.com', username: 'pageuser', password: strong }).expect(201);
    const link = linkIn(mailsTo('page@example.com').pop()!.text, 'verify-email')!;
    const res = await ctx.http().get(`/verify-email?token=${tokenOf(link)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(res.text).toMatch(/verified/i);
    const again = await ctx.http().get(`/verify-email?token=${tokenOf(link)}`);
    expect(again.status).toBe(400);
    expect(again.text).toMatch(/invalid or expired/i);
    expect((await ctx.http().get('/verify-email')).status).toBe(400);
  });

  it('reset the password through the form, and refuse a weak one without spending the link', async () => {
    const u = await ctx.user();
    await ctx.http().post('/api/auth/forgot-password').send({ email: u.email }).expect(204);
    await ctx.container.services.auth.settled();
    const token = tokenOf(linkIn(mailsTo(u.email).pop()!.text, 'reset-password')!);
    const form = await ctx.http().get(`/reset-password?token=${token}`);
    expect(form.status).toBe(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.text).toContain('<form method="post" action="/reset-password">');
    const weak = await ctx.http().post('/reset-password').type('form').send({ token, newPassword: 'short', confirmPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toMatch(/password/i);
    const mismatch = await ctx.http().post('/reset-password').type('form').send({ token, newPassword: strong, confirmPassword: `${strong}!` });
    expect(mismatch.status).toBe(400);
    const done = await ctx.http().post('/reset-password').type('form').send({ token, newPassword: strong, confirmPassword: strong });
    expect(done.status).toBe(200);
    expect(done.text).toMatch(/password has been changed/i);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.username, password: strong })).status).toBe(200);
    expect((await ctx.http().post('/reset-password').type('form').send({ token, newPassword: `${strong}2`, confirmPassword: `${strong}2` })).status).toBe(400);
  });
});
