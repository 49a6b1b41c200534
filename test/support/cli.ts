import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { createContainer, type Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { AUDIO_FIXTURES } from './fixture-files.js';
import { buildIsFresh } from './build.js';

const ROOT = process.cwd();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A database of its own for one test file (or one half of a comparison): a SQLite file, or a dedicated PostgreSQL database. */
export interface CliDatabase {
  env: Record<string, string>;
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  /** A container on the same database and data dir, for assertions through the services. */
  open(): Promise<Container>;
  drop(): Promise<void>;
}

let databases = 0;

export async function cliDatabase(tag: string): Promise<CliDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rhythmo-cli-${tag}-`));
  const base = process.env.DATABASE_URL;
  let url: string;
  let dropDb = async () => undefined as void;
  if (!base || base.startsWith('sqlite')) {
    url = `sqlite:${path.join(dataDir, 'cli.sqlite')}`;
  } else {
    databases += 1;
    const parsed = new URL(base);
    // Named like test/support/database.ts's, so the global teardown drops it if a test dies.
    const name = `${parsed.pathname.slice(1) || 'rhythmo_test'}_r${process.env.RHYTHMO_TEST_RUN ?? process.ppid}_w${process.env.JEST_WORKER_ID ?? '1'}_${tag}${databases}`.toLowerCase();
    const adminUrl = base.replace(/\/[^/?]*(\?|$)/, '/postgres$1');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    };
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123456789',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    DB_POOL_MAX: '5',
    SEED_DEMO: 'false',
  };
  const opened: Container[] = [];
  return {
    env,
    dataDir,
    dialect: url.startsWith('sqlite') ? 'sqlite' : 'postgres',
    async open() {
      const container = createContainer(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
      await container.db.migrate();
      opened.push(container);
      return container;
    },
    async drop() {
      for (const c of opened.splice(0)) await c.close();
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The compiled CLI when dist/ holds a build newer than every source file (CI builds before it
 * tests; it starts faster), else the TypeScript sources through tsx, so a stale build is never run.
 */
function cliEntry(): string[] {
  if (buildIsFresh(ROOT)) return [path.join(ROOT, 'dist/cli/index.js')];
  return ['--import', 'tsx', path.join(ROOT, 'cli/index.ts')];
}

let entry: string[] | undefined;

/** Starts `rhythmo` as a separate process, as an operator would. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST') && k !== 'NODE_OPTIONS'));
  entry ??= cliEntry();
  return spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The shared audio fixtures, copied to a temp dir: tests never write next to the originals. */
export function copyFixtures(): { dir: string; remove(): void } {
  const source = AUDIO_FIXTURES;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-cli-audio-'));
  fs.cpSync(source, dir, { recursive: true });
  // Copies of read-only originals stay read-only; tests rename and delete in them.
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  fs.chmodSync(dir, 0o755);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Files under the media dir, relative to it, leaving out the temp area. */
export function storedFiles(mediaDir: string): string[] {
  if (!fs.existsSync(mediaDir)) return [];
  return fs
    .readdirSync(mediaDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(mediaDir, path.join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith('.tmp'))
    .sort();
}

export interface CatalogSnapshot {
  tracks: {
    title: string;
    artists: string[];
    album: string | null;
    genres: string[];
    trackNumber: number | null;
    discNumber: number | null;
    releaseDate: string | null;
    durationMs: number;
    mimeType: string;
    cover: boolean;
  }[];
  albums: { title: string; type: string; artists: string[]; year: string | null; cover: boolean }[];
  artists: string[];
  genres: string[];
  /** Stored files no row points at, and rows whose file is missing: both must stay empty. */
  orphanFiles: string[];
  missingFiles: string[];
}

async function all<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** By title, then by everything else: two albums may share a title. */
const byTitle = <T extends { title: string }>(a: T, b: T) => {
  const [x, y] = [`${a.title}\u0000${JSON.stringify(a)}`, `${b.title}\u0000${JSON.stringify(b)}`];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The catalog as the services show it, in a stable order, plus the storage check. */
export async function catalogSnapshot(c: Container): Promise<CatalogSnapshot> {
  const catalog = c.services.catalog;
  const tracks = await all((cursor) => catalog.listTracks(SYSTEM, { limit: 100, cursor, sort: 'title' }));
  const albums = await all((cursor) => catalog.listAlbums(SYSTEM, { limit: 100, cursor, sort: 'title' }));
  const artists = await all((cursor) => catalog.listArtists(SYSTEM, { limit: 100, cursor, sort: 'name' }));
  const genres = await all((cursor) => catalog.listGenres(SYSTEM, { limit: 100, cursor }));
  const referenced = new Set<string>();
  for (const t of tracks) {
    referenced.add((await catalog.getTrackAudio(SYSTEM, t.id)).key);
    const cover = await catalog.getImageKey(SYSTEM, { kind: 'track', id: t.id });
    if (cover) referenced.add(cover);
  }
  for (const a of albums) {
    const cover = await catalog.getImageKey(SYSTEM, { kind: 'album', id: a.id });
    if (cover) referenced.add(cover);
  }
  const files = storedFiles(c.config.mediaDir);
  return {
    tracks: tracks
      .map((t) => ({
        title: t.title,
        artists: t.artists.map((a) => (a.role === 'featured' ? `${a.name} (feat.)` : a.name)),
        album: t.album?.title ?? null,
        genres: t.genres.map((g) => g.name).sort(),
        trackNumber: t.trackNumber,
        discNumber: t.discNumber,
        releaseDate: t.releaseDate,
        durationMs: t.durationMs,
        mimeType: t.audio.mimeType,
        cover: t.coverUrl !== null,
      }))
      .sort(byTitle),
    albums: albums
      .map((a) => ({ title: a.title, type: a.type, artists: a.artists.map((x) => x.name), year: a.releaseDate?.slice(0, 4) ?? null, cover: a.coverUrl !== null }))
      .sort(byTitle),
    artists: artists.map((a) => a.name).sort(),
    genres: genres.map((g) => g.name).sort(),
    orphanFiles: files.filter((f) => !referenced.has(f)),
    missingFiles: [...referenced].filter((k) => !files.includes(k)).sort(),
  };
}
