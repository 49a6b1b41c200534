import fc from 'fast-check';
import { createTestContext, type TestContext } from '../support/context.js';
import { fuzzText, fuzzValue, hostileValue, validValue } from './arbitraries.js';
import { operations, type Operation } from './operations.js';
import { PNG, STREAMED_FILE, isRead, pathIds } from './requests.js';
import { createCast, createWorld, listen, send, type Answer, type Call, type Cast, type Server, type World } from './world.js';

// Requests generated from each operation's parameter and body schemas, valid and not, by every
// kind of caller. Whatever comes in: no 5xx, errors as problem+json, nothing of the internals
// (stack, SQL, file paths) in an answer. FUZZ_SEED replays a run; FUZZ_RUNS sets its size.

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);

const LEAKS: [string, RegExp][] = [
  ['stack trace', /\n\s+at |\bat [\w.<>]+ \(?[^)\s]*:\d+:\d+\)?/],
  ['file path', /node_modules|\/(src|dist)\/[\w/.-]+\.(ts|js)\b|file:\/\//],
  ['SQL', /\b(SELECT .+ FROM|INSERT INTO|UPDATE "?\w+"? SET|DELETE FROM)\b|SQLITE_|Sequelize\w*Error|syntax error at or near|violates \w+ constraint|relation ".*" does not exist/i],
];

let ctx: TestContext;
let server: Server;
let cast: Cast;
let victimId: string;
let streamed: World;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(ctx);
  cast = await createCast(ctx);
  victimId = (await ctx.user('listener')).id;
  streamed = await createWorld(ctx, cast, STREAMED_FILE);
});

afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
/** Printable ASCII only: anything else cannot be put in a header by a client at all. */
const headerSafe = (v: string) => /^[\x20-\x7e]{0,200}$/.test(v);

/** encodeURIComponent, except that a lone surrogate goes as its three raw bytes (WTF-8), as a hostile client may send it. */
function encodeSegment(v: string): string {
  return v.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g, (c) => {
    if (c.length === 2 || c.charCodeAt(0) < 0xd800 || c.charCodeAt(0) > 0xdfff) return encodeURIComponent(c);
    const u = c.charCodeAt(0);
    return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  });
}

function segment(id: string | undefined): fc.Arbitrary<string> {
  const odd = fc.oneof(fc.uuid(), hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).filter((v) => v.length > 0 && v.length < 300));
  const arb = id ? fc.oneof({ arbitrary: fc.constant(id), weight: 3 }, { arbitrary: odd, weight: 1 }) : odd;
  return arb.map(encodeSegment);
}

function bodyFor(op: Operation, valid: boolean): fc.Arbitrary<Pick<Call, 'body' | 'contentType'>> {
  // fetch cannot send a body with GET or HEAD.
  if (!op.body) return valid || isRead(op) ? fc.constant({}) : fc.constantFrom<Pick<Call, 'body' | 'contentType'>>({ body: 'plain words', contentType: 'text/plain' }, { body: {} });
  const choices: fc.Arbitrary<Pick<Call, 'body' | 'contentType'>>[] = [];
  for (const [type, schema] of Object.entries(op.body.content)) {
    if (type === 'application/json') {
      if (valid) choices.push(validValue(schema).map((body) => ({ body })));
      else {
        choices.push(fuzzValue(schema).map((body) => ({ body })));
        choices.push(fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '{"__proto__":{"x":1}}').map((body) => ({ body, contentType: 'application/json' })));
      }
    } else if (type === 'multipart/form-data') {
      const fields = (valid ? validValue({ ...schema, required: [] }) : fuzzValue({ ...schema, required: [] })).chain((v) => fc.tuple(fc.constant(v as Record<string, unknown>), fc.boolean(), fc.uint8Array({ maxLength: 2000 })));
      choices.push(
        fields.map(([values, withFile, bytes]) => {
          const form = new FormData();
          for (const [k, v] of Object.entries(values ?? {})) if (k !== 'file') form.append(k, text(v));
          if (withFile) form.append('file', new Blob([bytes]), 'upload.mp3');
          return { body: form };
        }),
      );
    } else {
      choices.push((valid ? fc.constant(new Uint8Array(PNG)) : fc.uint8Array({ maxLength: 4000 })).map((body) => ({ body, contentType: type })));
    }
  }
  if (!valid) choices.push(fc.constantFrom<Pick<Call, 'body' | 'contentType'>>({ body: 'plain words', contentType: 'text/plain' }, {}));
  return fc.oneof(...choices);
}

/** Which part of a request is broken: none in half of them, so that the valid ones reach the services. */
const BREAK = ['none', 'none', 'none', 'none', 'path', 'query', 'header', 'body', 'body', 'token'] as const;

function callFor(op: Operation, world: World): fc.Arbitrary<{ call: Call; token?: string }> {
  const ids: Record<string, string> = { ...pathIds(world, cast), userId: victimId };
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const query = op.parameters.filter((p) => p.in === 'query');
  const headers = op.parameters.filter((p) => p.in === 'header');
  const tokens = Object.values(cast.users).map((u) => u.token);
  const good = [cast.users.admin.token, cast.users.artistOwner.token, cast.users.listenerA.token];
  const validQuery = fc.record(
    Object.fromEntries(query.map((p) => [p.name, p.name === 'access_token' ? fc.constantFrom(...tokens) : validValue(p.schema).map(text)])),
    { requiredKeys: query.filter((p) => p.required).map((p) => p.name) },
  );
  const validHeaders = fc.record(Object.fromEntries(headers.map((p) => [p.name, validValue(p.schema).map(text).filter(headerSafe)])), { requiredKeys: [] });
  return fc.record({
    broken: fc.constantFrom(...BREAK),
    validSegments: fc.tuple(...names.map((n) => (ids[n] ? fc.constant(encodeSegment(ids[n])) : segment(undefined))), fc.constant('')),
    oddSegments: fc.tuple(...names.map((n) => segment(ids[n])), fc.constant('')),
    validQuery,
    oddQuery: fc.tuple(validQuery, fc.constantFrom('unexpected', ...query.map((p) => p.name)), fuzzText({})),
    validHeaders,
    oddHeaders: fc.record(Object.fromEntries([...headers.map((p) => p.name), 'content-type', 'accept'].map((n) => [n, fuzzText({}).filter(headerSafe)])), { requiredKeys: [] }),
    validBody: bodyFor(op, true),
    oddBody: bodyFor(op, false),
    validToken: fc.constantFrom(...good),
    oddToken: fc.constantFrom(undefined, 'not.a.jwt', `${cast.users.admin.token}x`, cast.users.listenerB.token, cast.users.artistOther.token),
  }).map((r) => {
    const segments = r.broken === 'path' ? r.oddSegments : r.validSegments;
    let i = 0;
    const path = op.path.replace(/\{\w+\}/g, () => segments[i++]!);
    const [base, key, value] = r.oddQuery;
    const q = r.broken === 'query' ? { ...(base as Record<string, string>), [key]: value } : (r.validQuery as Record<string, string>);
    const h = (r.broken === 'header' ? r.oddHeaders : r.validHeaders) as Record<string, string>;
    const body = r.broken === 'body' ? r.oddBody : r.validBody;
    return { call: { method: op.method, path, query: q, headers: h, ...body }, token: r.broken === 'token' ? r.oddToken : r.validToken };
  });
}

function faults(op: Operation, answer: Answer): string[] {
  const out: string[] = [];
  if (answer.status >= 500) out.push(`status ${answer.status}`);
  if (answer.status >= 400 && op.method !== 'HEAD') {
    if (!answer.contentType.startsWith('application/problem+json')) out.push(`error as ${answer.contentType || 'no content type'}`);
    else {
      const problem = JSON.parse(answer.text) as { status?: number };
      if (problem.status !== answer.status) out.push(`problem.status ${problem.status} on a ${answer.status}`);
    }
    for (const [what, re] of LEAKS) if (re.test(answer.text)) out.push(`${what} in the answer`);
  }
  return out;
}

it(`answers ${RUNS} generated requests without a 5xx or a leak`, async () => {
  console.log(`fuzz: seed ${SEED} (set FUZZ_SEED=${SEED} to replay), ${RUNS} requests`);
  // Deletions last, so they do not empty what other operations read.
  const ops = operations().sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE') || a.operationId.localeCompare(b.operationId));
  const perOp = Math.ceil(RUNS / ops.length);
  const failures: string[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  for (const [index, op] of ops.entries()) {
    const world = isRead(op) ? streamed : await createWorld(ctx, cast);
    const samples = fc.sample(callFor(op, world), { seed: SEED + index, numRuns: perOp });
    for (const [n, { call, token }] of samples.entries()) {
      const answer = await send(server, call, token);
      sent += 1;
      const klass = `${Math.floor(answer.status / 100)}xx`;
      statuses[klass] = (statuses[klass] ?? 0) + 1;
      const found = faults(op, answer);
      if (found.length && failures.length < 30) {
        const shown = { ...call, body: call.body instanceof FormData ? '[form]' : call.body instanceof Uint8Array ? `[${call.body.length} bytes]` : call.body };
        failures.push(`${op.operationId} #${n} (seed ${SEED + index}): ${found.join(', ')}\n  ${JSON.stringify(shown).slice(0, 600)}\n  -> ${answer.status} ${answer.text.slice(0, 300)}`);
      }
    }
  }
  console.log(`fuzz: ${sent} requests over ${ops.length} operations, by status ${JSON.stringify(statuses)}, ${statuses['5xx'] ?? 0} answered 5xx, ${failures.length} failing`);
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(RUNS);
}, 600_000);
