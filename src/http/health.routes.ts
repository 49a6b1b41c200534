import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Container } from '../container.js';
import { sendProblem } from './problem.js';
import { metricsAccess } from './metrics.js';

/**
 * A load balancer polls readiness on a short timeout of its own: a frozen database must read as
 * "not ready" within it, not after the pool's and the statement's timeouts.
 */
const READY_BOUND_MS = 2000;

function withinReadyBound(check: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_BOUND_MS} ms`)), READY_BOUND_MS);
  });
  // The check keeps running after a timeout; its own bounds end it, and nobody waits for it.
  check.catch(() => undefined);
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

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
      await withinReadyBound(container.db.ping());
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      res.setHeader('Retry-After', '5');
      sendProblem(res, 503, 'Database unreachable');
    }
  });
  router.get('/metrics', metricsAccess(container.config), async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
