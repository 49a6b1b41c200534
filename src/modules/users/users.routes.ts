import { Router } from 'express';
import type { UserService } from './user.service.js';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toAdminUserDto, toUserDto } from './user.mapper.js';

export function usersRoutes({ users }: { users: UserService }): Router {
  const r = Router();
  r.get('/api/me', async (req, res) => {
    res.json(toUserDto(await users.getMe(actorOf(req))));
  });
  r.patch('/api/me', async (req, res) => {
    const { displayName, username, email } = bodyOf(req, 'updateMe');
    res.json(toUserDto(await users.updateMe(actorOf(req), { displayName, username, email })));
  });
  r.get('/api/admin/users', async (req, res) => {
    const page = await users.list(actorOf(req), queryOf(req, 'adminListUsers'));
    res.json({ items: page.items.map(toAdminUserDto), nextCursor: page.nextCursor });
  });
  r.patch('/api/admin/users/:userId', async (req, res) => {
    const { role, status } = bodyOf(req, 'adminUpdateUser');
    res.json(toAdminUserDto(await users.adminUpdate(actorOf(req), req.params.userId, { role, status })));
  });
  return r;
}
