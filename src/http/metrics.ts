import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import type { Request, RequestHandler } from 'express';
import type { Sequelize } from 'sequelize-typescript';
import type { Config } from '../config/index.js';
import { sendProblem } from './problem.js';

export interface Metrics {
  registry: client.Registry;
  /** Counts one request, under a fixed route label for a handler mounted outside the routers, else under its route template. */
  observe(req: IncomingMessage, res: ServerResponse, route?: string): void;
}

/** Request counts and latency by route template (not raw URL, so ids do not explode the series). */
export function createMetrics(sequelize: Sequelize): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const pool = (sequelize.connectionManager as unknown as { pool?: { size?: number; available?: number; using?: number; waiting?: number } }).pool;
  new client.Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'size' }, pool?.size ?? 0);
      this.set({ state: 'available' }, pool?.available ?? 0);
      this.set({ state: 'using' }, pool?.using ?? 0);
      this.set({ state: 'waiting' }, pool?.waiting ?? 0);
    },
  });
  const observe = (req: IncomingMessage, res: ServerResponse, fixedRoute?: string) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      const r = req as Request & { openapi?: { openApiRoute?: string } };
      const route = fixedRoute ?? (r.route?.path ? `${r.baseUrl}${String(r.route.path)}` : r.openapi?.openApiRoute ?? 'unmatched');
      const labels = { method: req.method, route, status: String(res.statusCode) };
      end(labels);
      requests.inc(labels);
    });
  };
  return { registry, observe };
}

/**
 * Who may read /metrics: with METRICS_TOKEN, whoever sends it as a bearer token; without it,
 * anyone outside production and nobody in it (404, as for a route that is not there), since
 * the figures describe the service's traffic and internals.
 */
export function metricsAccess(config: Pick<Config, 'env' | 'metricsToken'>): RequestHandler {
  const expected = config.metricsToken ? Buffer.from(config.metricsToken) : null;
  return (req, res, next) => {
    if (!expected) {
      if (config.env === 'production') return sendProblem(res, 404, `No route for ${req.method} ${req.path}`);
      return next();
    }
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    sendProblem(res, 401, 'The metrics token is missing or wrong');
  };
}
