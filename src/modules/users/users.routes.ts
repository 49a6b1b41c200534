import { Router } from 'express';
import type { UserService } from './user.service.js';
import { actorOf } from '../../http/request-context.js';
import { toAdminUserDto, toUserDto } from './user.mapper.js';

export function usersRoutes({ users }: { users: UserService }): Router {
  const r = Router();
  r.get('/api/me', async (req, res) => {
    res.json(toUserDto(await users.getMe(actorOf(req))));
  });
  r.patch('/api/me', async (req, res) => {
    const { displayName, username, email } = req.body;
    res.json(toUserDto(await users.updateMe(actorOf(req), { displayName, username, email })));
  });
  r.get('/api/admin/users', async (req, res) => {
    const { q, role, status, limit, cursor } = req.query as Record<string, string | undefined>;
    const page = await users.list(actorOf(req), { q, role: role as never, status: status as never, limit: limit ? Number(limit) : undefined, cursor });
    res.json({ items: page.items.map(toAdminUserDto), nextCursor: page.nextCursor });
  });
  r.patch('/api/admin/users/:userId', async (req, res) => {
    const { role, status } = req.body;
    res.json(toAdminUserDto(await users.adminUpdate(actorOf(req), req.params.userId, { role, status })));
  });
  return r;
}
