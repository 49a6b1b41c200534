/**
 * The two servers bench:api compares, each in a process of its own (so each one's CPU is its own):
 *
 *  - rhythmo: the real server (startServer, production configuration, logs at warn). Before it
 *    reports ready it requests every URL of the run once, one at a time, and records each SQL
 *    statement (text and bind parameters) the request hands the driver.
 *  - bare: node:http with no framework. It checks the bearer token by hand (HS256 signature,
 *    expiry, issuer, audience), runs the statements recorded for the URL, in the same order,
 *    through the same driver (pg or sqlite3) on the same database, prepared under the same
 *    names where Rhythmo prepared them, and answers their rows as JSON.
 *
 * Started by bench/api.ts with BENCH_SIDE, DATABASE_URL, BENCH_PORT and BENCH_RUN (a JSON file:
 * the URLs and token; the rhythmo side writes the recorded statements next to it).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { createContainer } from '../src/container.js';
import { startServer } from '../src/server.js';
import { benchConfig } from './support.js';

export interface RunFile {
  token: string;
  urls: string[];
  poolMax: number;
}
/**
 * A statement as the driver received it: its text, its bind parameters (an array ($1), or an
 * object ($name, SQLite)) and, on PostgreSQL, the name it was prepared under, if any.
 */
type Statement = { sql: string; params?: unknown[] | Record<string, unknown>; name?: string };
const statementsFile = (runFile: string) => runFile.replace(/\.json$/, '.sql.json');

const side = process.env.BENCH_SIDE;
const url = process.env.DATABASE_URL!;
const port = Number(process.env.BENCH_PORT);
const runFile = process.env.BENCH_RUN!;
const run = JSON.parse(fs.readFileSync(runFile, 'utf8')) as RunFile;
const config = benchConfig(url, { LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', DB_POOL_MAX: String(run.poolMax) });

async function rhythmo(): Promise<void> {
  // tsx turns source-mapped stack traces on; `npm start` runs the build without them, and
  // Sequelize builds a stack for every query: a few per cent of a request's CPU.
  process.setSourceMapsEnabled(false);
  const container = createContainer(config);
  await startServer(container, { adminPanel: false, prepared: true });
  // Every statement the driver is given (through Sequelize or straight, src/db/raw-query.ts),
  // as it receives it: on SQLite that includes the PRAGMA table_info Sequelize runs before a
  // model's SELECT. A SET on a newly opened connection is not part of a request.
  let sink: Statement[] | null = null;
  const record = (given: unknown, params: unknown) => {
    // pg takes a text and values, or one object with a text, values and a statement name.
    const q = typeof given === 'string' ? { text: given, values: params } : (given as { text?: unknown; values?: unknown; name?: string } | null);
    const sql = q?.text;
    if (!sink || typeof sql !== 'string' || /^SET /i.test(sql)) return;
    const p = q!.values as Statement['params'];
    sink.push({ sql, ...(p && typeof p === 'object' && Object.keys(p).length ? { params: p } : {}), ...(q!.name ? { name: q!.name } : {}) });
  };
  const restore: (() => void)[] = [];
  const tap = <T extends object>(proto: T, method: keyof T & string) => {
    const original = proto[method] as (...args: unknown[]) => unknown;
    (proto as Record<string, unknown>)[method] = function (this: unknown, sql: unknown, params: unknown, ...rest: unknown[]) {
      record(sql, typeof params === 'function' ? undefined : params);
      return original.call(this, sql, params, ...rest);
    };
    restore.push(() => ((proto as Record<string, unknown>)[method] = original));
  };
  if (config.database.dialect === 'postgres') tap(pg.Client.prototype, 'query');
  else for (const m of ['all', 'run', 'get'] as const) tap(sqlite3.Database.prototype, m);
  const recorded: Record<string, Statement[]> = {};
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${run.token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  // Recorded on the second request: what a request costs once the server's caches are warm.
  for (const path of run.urls) await get(path);
  for (const path of run.urls) {
    sink = recorded[path] = [];
    await get(path);
  }
  sink = null;
  for (const r of restore) r();
  fs.writeFileSync(statementsFile(runFile), JSON.stringify(recorded));
}

/** jsonwebtoken's checks for these tokens, written out: HS256 only, signature, exp, iss, aud. */
function verifyToken(header: string | undefined): boolean {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return false;
  const expected = createHmac('sha256', config.jwt.secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const h = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp?: number; iss?: string; aud?: string; sub?: string };
  return h.alg === 'HS256' && typeof p.exp === 'number' && Date.now() / 1000 < p.exp && p.iss === config.jwt.issuer && p.aud === config.jwt.audience && typeof p.sub === 'string';
}

function driver(): (s: Statement) => Promise<unknown[]> {
  if (config.database.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: run.poolMax });
    return async (s) => (await pool.query({ name: s.name, text: s.sql, values: s.params as unknown[] | undefined })).rows;
  }
  const db = new sqlite3.Database(config.database.storage);
  db.configure('busyTimeout', 15_000);
  return (s) => new Promise((resolve, reject) => db.all(s.sql, s.params ?? [], (err, rows) => (err ? reject(err) : resolve(rows))));
}

async function bare(): Promise<void> {
  const recorded = JSON.parse(fs.readFileSync(statementsFile(runFile), 'utf8')) as Record<string, Statement[]>;
  const query = driver();
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    };
    if (!verifyToken(req.headers.authorization)) return answer(401, { title: 'Unauthorized' });
    const statements = recorded[req.url!];
    if (!statements) return answer(404, { title: 'Not Found' });
    void (async () => {
      const results: unknown[][] = [];
      for (const s of statements) results.push(await query(s));
      answer(200, results);
    })().catch((err: Error) => {
      console.error(err);
      answer(500, { title: err.message });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

(side === 'rhythmo' ? rhythmo() : bare()).then(
  () => process.send!({ ready: true }),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
process.on('exit', () => fs.rmSync(config.dataDir, { recursive: true, force: true }));
