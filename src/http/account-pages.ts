import { createHash } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { Container } from '../container.js';
import { DomainError, InvalidError } from '../shared/errors.js';

/**
 * The pages behind the mailed links when no client app is configured (PUBLIC_APP_URL unset):
 * plain HTML forms, no script, one hashed style block. The token rides in the query string,
 * so the pages send no Referer onwards and the access log redacts it (app.ts).
 */
const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1c1c28}'
  + 'label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}'
  + 'button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}.error{color:#b00020}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const STATUS: Record<string, number> = { invalid: 400, conflict: 409, rate_limited: 429, not_found: 404 };

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: Response, status: number, title: string, body: string) {
  res
    .status(status)
    .set({ 'Content-Security-Policy': POLICY, 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' })
    .type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
      + `<title>${escape(title)} · Rhythmo</title><style>${STYLE}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`);
}

/** What a person reading the page should be told; the details of field errors included. */
function explain(err: unknown): { status: number; message: string } {
  if (!(err instanceof DomainError)) throw err;
  const fields = err instanceof InvalidError ? err.errors.filter((e) => e.path !== 'token').map((e) => `${e.path} ${e.message}`) : [];
  return { status: STATUS[err.kind] ?? 400, message: [err.message, ...fields].join(': ') };
}

const text = (value: unknown, max: number) => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined);

function resetForm(token: string, error?: string) {
  return `${error ? `<p class="error" role="alert">${escape(error)}</p>` : '<p>Choose a new password for your Rhythmo account.</p>'}`
    + '<form method="post" action="/reset-password">'
    + `<input type="hidden" name="token" value="${escape(token)}">`
    + '<label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="10" maxlength="128">'
    + '<label for="confirmPassword">Repeat it</label><input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required maxlength="128">'
    + '<button type="submit">Set password</button></form>';
}

export function accountPages({ services: { auth } }: Container): Router {
  const r = Router();
  const invalidLink = (res: Response, title: string) => page(res, 400, title, '<p class="error" role="alert">This link is invalid or expired. Ask for a new one.</p>');

  r.get('/verify-email', async (req, res) => {
    const token = text(req.query.token, 200);
    if (!token) return invalidLink(res, 'Email not verified');
    try {
      await auth.verifyEmail(token);
      page(res, 200, 'Email verified', '<p>Your email address is verified. You can close this page and sign in.</p>');
    } catch (err) {
      const { status, message } = explain(err);
      page(res, status, 'Email not verified', `<p class="error" role="alert">${escape(message)}</p>`);
    }
  });

  r.get('/reset-password', (req, res) => {
    const token = text(req.query.token, 200);
    if (!token) return invalidLink(res, 'Reset your password');
    page(res, 200, 'Reset your password', resetForm(token));
  });

  r.post('/reset-password', express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }), async (req, res) => {
    const token = text(req.body?.token, 200);
    const password = text(req.body?.newPassword, 128);
    if (!token) return invalidLink(res, 'Reset your password');
    if (!password) return page(res, 400, 'Reset your password', resetForm(token, 'Enter a new password of at most 128 characters.'));
    if (req.body.confirmPassword !== password) return page(res, 400, 'Reset your password', resetForm(token, 'The two passwords differ.'));
    try {
      await auth.resetPassword(token, password);
      page(res, 200, 'Password changed', '<p>Your password has been changed and every session signed out. Sign in with the new one.</p>');
    } catch (err) {
      const { status, message } = explain(err);
      page(res, status, 'Reset your password', resetForm(token, message));
    }
  });
  return r;
}
