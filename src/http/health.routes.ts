import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Container } from '../container.js';
import { sendProblem } from './problem.js';

export function healthRoutes(container: Container, registry: Registry, startup: Promise<void>[] = []): Router {
  let started = startup.length === 0;
  void Promise.all(startup).then(() => (started = true));
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    if (!started) {
      sendProblem(res, 503, 'Still starting up');
      return;
    }
    try {
      await container.db.ping();
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      sendProblem(res, 503, 'Database unreachable');
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
