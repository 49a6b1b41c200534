import yaml from 'js-yaml';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { Express } from 'express';
import { bearer, createTestContext, type TestContext } from '../support/context.js';
import { loadOpenApiDocument } from '../../src/http/openapi-document.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Every (method, path) the Express app routes, with `:param` turned into `{param}`. */
function servedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: unknown[], prefix: string) => {
    for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] }; name?: string }[]) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          found.push(`${method.toUpperCase()} ${(prefix + layer.route.path).replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.name === 'router' && layer.handle?.stack) {
        walk(layer.handle.stack, prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack, '');
  return found;
}

describe('the OpenAPI document', () => {
  it('is served as YAML and as JSON', async () => {
    const asYaml = await ctx.http().get('/api/schema');
    expect(asYaml.status).toBe(200);
    expect(asYaml.headers['content-type']).toMatch(/yaml/);
    const doc = yaml.load(asYaml.text) as { openapi: string; paths: object };
    expect(doc.openapi).toMatch(/^3\./);
    const asJson = await ctx.http().get('/api/schema').set('Accept', 'application/json');
    expect(asJson.headers['content-type']).toMatch(/application\/json/);
    expect(asJson.body.paths).toEqual(doc.paths);
  });

  it('passes the Redocly linter with zero errors', async () => {
    const source = yaml.dump(loadOpenApiDocument(), { noRefs: true });
    const config = await createConfig({ extends: ['recommended'], rules: { 'operation-4xx-response': 'off', 'info-license-url': 'off', 'no-server-example.com': 'off' } });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.yaml', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('documents every route the app serves', () => {
    const doc = loadOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`)));
    // The HTML pages behind mailed links are for people, not API clients (email-change.test.ts covers them).
    const pages = new Set(['GET /verify-email', 'GET /reset-password', 'POST /reset-password']);
    // The Subsonic door's one route (mounted at /rest) follows the OpenSubsonic specification, not this document.
    for (const r of ['GET /{name}', 'POST /{name}']) pages.add(r);
    const missing = servedRoutes(ctx.app).filter((r) => !documented.has(r) && !pages.has(r) && !r.startsWith('GET /api/schema') && !r.startsWith('HEAD '));
    expect(missing).toEqual([]);
  });

  it('documents the 503 of an unreachable database on every operation that reads or writes it', () => {
    const doc = loadOpenApiDocument() as { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>> };
    const withoutDatabase = new Set(['healthz', 'metrics', 'getSchema', 'swaggerUi']);
    const operations = Object.values(doc.paths).flatMap((item) => Object.entries(item).filter(([k]) => k !== 'parameters').map(([, op]) => op));
    const missing = operations.filter((op) => !withoutDatabase.has(op.operationId!) && !op.responses?.['503']).map((op) => op.operationId);
    expect(missing).toEqual([]);
  });

  it('answers unknown paths and methods with problem+json', async () => {
    const res = await ctx.http().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const wrongMethod = await ctx.http().delete('/api/me');
    expect([404, 405]).toContain(wrongMethod.status);
    expect(wrongMethod.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  // A request is validated against only the paths it could be (src/http/openapi-validation.ts).
  it('finds an operation among the paths it could be as the whole document would', async () => {
    const u = await ctx.user();
    const unknown = await ctx.http().get('/api/tracks/a/b/c').set(bearer(u));
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const wrongMethod = await ctx.http().delete('/api/me/recommendations').set(bearer(u));
    expect(wrongMethod.status).toBe(405);
    expect((await ctx.http().get('/API/Me').set(bearer(u))).status).toBe(200);
    expect((await ctx.http().get('/api/me/').set(bearer(u))).status).toBe(200);
  });
});
