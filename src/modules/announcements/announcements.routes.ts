import { Router, type Response } from 'express';
import type { AnnouncementService } from './announcement.service.js';
import type { AuthService } from '../auth/index.js';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { InvalidError } from '../../shared/errors.js';
import { toAnnouncementDto } from './announcement.mapper.js';
import type { AnnouncementRecord } from './announcement.types.js';

function lastEventId(header: string | undefined, query: unknown): number | null {
  const raw = header ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) throw new InvalidError('Invalid Last-Event-ID', [{ path: 'Last-Event-ID', message: 'must be the id of an event from this stream' }]);
  return Number(raw);
}

const writeEvent = (res: Response, a: AnnouncementRecord) => res.write(`id: ${a.seq}\ndata: ${JSON.stringify(toAnnouncementDto(a))}\n\n`);

export function announcementsRoutes({ announcements, auth }: { announcements: AnnouncementService; auth: AuthService }): Router {
  const r = Router();
  r.post('/api/admin/announcements', async (req, res) => {
    const created = await announcements.create(actorOf(req), { text: bodyOf(req, 'createAnnouncement').text });
    res.status(201).json(toAnnouncementDto(created));
  });
  r.get('/api/announcements', async (req, res) => {
    const page = await announcements.list(actorOf(req), queryOf(req, 'listAnnouncements'));
    res.json({ items: page.items.map(toAnnouncementDto), nextCursor: page.nextCursor });
  });

  /**
   * Server-Sent Events. Subscribes before reading what the client missed, holds live events
   * until the catch-up is written, and skips anything already sent, so nothing is lost or doubled.
   */
  r.get('/api/announcements/stream', async (req, res) => {
    const actor = actorOf(req);
    const since = lastEventId(req.get('last-event-id'), queryOf(req, 'streamAnnouncements').lastEventId);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 5000\n\n');

    let sent = since ?? 0;
    let held: AnnouncementRecord[] | null = [];
    const send = (a: AnnouncementRecord) => {
      if (a.seq <= sent || res.writableEnded) return;
      sent = a.seq;
      writeEvent(res, a);
    };
    const unsubscribe = announcements.subscribe((a) => (held ? held.push(a) : send(a)));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), announcements.heartbeatMs);
    // Everything is let go before the end, so nothing writes to a stream that has ended.
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      unClose();
      unwatch();
    };
    const finish = () => {
      stop();
      res.end();
    };
    const unClose = announcements.onClose(finish);
    // A ban or the end of this session closes the stream; the client's reconnect then gets 401.
    const unwatch = auth.watchSession(actor, req.sessionId, finish);
    req.on('close', stop);
    if (since !== null) for (const a of await announcements.missedSince(actor, since)) send(a);
    const waiting = held;
    held = null;
    waiting.forEach(send);
  });
  return r;
}
