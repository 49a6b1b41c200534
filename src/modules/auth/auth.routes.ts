import { Router } from 'express';
import { actorOf, metaOf } from '../../http/request-context.js';
import { toUserDto } from '../users/index.js';
import type { AuthService, Session } from './auth.service.js';

const sessionDto = (s: Session) => ({ ...s, user: toUserDto(s.user) });

export function authRoutes({ auth }: { auth: AuthService }): Router {
  const r = Router();
  r.post('/api/auth/register', async (req, res) => {
    const user = await auth.register(req.body, metaOf(req));
    res.status(201).json({ user: toUserDto(user) });
  });
  r.post('/api/auth/verify-email', async (req, res) => {
    await auth.verifyEmail(req.body.token);
    res.status(204).end();
  });
  r.post('/api/auth/verify-email/resend', async (req, res) => {
    await auth.resendVerification(req.body.email, metaOf(req));
    res.status(204).end();
  });
  r.post('/api/auth/login', async (req, res) => {
    res.json(sessionDto(await auth.login(req.body, metaOf(req))));
  });
  r.post('/api/auth/refresh', async (req, res) => {
    res.json(sessionDto(await auth.refresh(req.body.refreshToken, metaOf(req))));
  });
  r.post('/api/auth/logout', async (req, res) => {
    await auth.logout(req.body.refreshToken);
    res.status(204).end();
  });
  r.post('/api/auth/forgot-password', async (req, res) => {
    await auth.forgotPassword(req.body.email, metaOf(req));
    res.status(204).end();
  });
  r.post('/api/auth/reset-password', async (req, res) => {
    await auth.resetPassword(req.body.token, req.body.newPassword);
    res.status(204).end();
  });
  r.post('/api/me/password', async (req, res) => {
    await auth.changePassword(actorOf(req), req.body, req.sessionId);
    res.status(204).end();
  });
  return r;
}
