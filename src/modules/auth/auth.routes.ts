import { Router } from 'express';
import { bodyOf } from '../../http/validated.js';
import { actorOf, metaOf } from '../../http/request-context.js';
import { toUserDto } from '../users/index.js';
import type { AuthService, Session } from './auth.service.js';

const sessionDto = (s: Session) => ({ ...s, user: toUserDto(s.user) });

export function authRoutes({ auth }: { auth: AuthService }): Router {
  const r = Router();
  r.post('/api/auth/register', async (req, res) => {
    const user = await auth.register(bodyOf(req, 'register'), metaOf(req));
    res.status(201).json({ user: toUserDto(user) });
  });
  r.post('/api/auth/verify-email', async (req, res) => {
    await auth.verifyEmail(bodyOf(req, 'verifyEmail').token);
    res.status(204).end();
  });
  r.post('/api/auth/verify-email/resend', async (req, res) => {
    await auth.resendVerification(bodyOf(req, 'resendEmailVerification').email, metaOf(req));
    res.status(204).end();
  });
  r.post('/api/auth/login', async (req, res) => {
    res.json(sessionDto(await auth.login(bodyOf(req, 'login'), metaOf(req))));
  });
  r.post('/api/auth/refresh', async (req, res) => {
    res.json(sessionDto(await auth.refresh(bodyOf(req, 'refresh').refreshToken, metaOf(req))));
  });
  r.post('/api/auth/logout', async (req, res) => {
    await auth.logout(bodyOf(req, 'logout').refreshToken);
    res.status(204).end();
  });
  r.post('/api/auth/forgot-password', async (req, res) => {
    await auth.forgotPassword(bodyOf(req, 'forgotPassword').email, metaOf(req));
    res.status(204).end();
  });
  r.post('/api/auth/reset-password', async (req, res) => {
    const { token, newPassword } = bodyOf(req, 'resetPassword');
    await auth.resetPassword(token, newPassword);
    res.status(204).end();
  });
  r.post('/api/me/password', async (req, res) => {
    await auth.changePassword(actorOf(req), bodyOf(req, 'changePassword'), req.sessionId);
    res.status(204).end();
  });
  return r;
}
