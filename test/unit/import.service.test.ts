import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ImportService, mediaTags, type ImportServiceDeps } from '../../src/modules/imports/index.js';
import type { ImportSourceRecord } from '../../src/modules/imports/index.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { ForbiddenError, InvalidError, NotFoundError, UnsupportedMediaError } from '../../src/shared/errors.js';

const sha = (data: string) => createHash('sha256').update(data).digest('hex');

/** A library on disk whose "audio" is text; the fake media decides what is good. */
function library(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-import-unit-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

function fakes(existing: Record<string, string> = {}) {
  const tracks = new Map<string, { id: string; title: string; relativePath?: string; coverKey?: string | null }>(
    Object.entries(existing).map(([hash, id]) => [hash, { id, title: id }]),
  );
  const sources = new Map<string, ImportSourceRecord>();
  const claims: { sha256: string; userId: string }[] = [];
  const managers: [string, string][] = [];
  const stored = new Set<string>();
  const batches: number[] = [];
  let created = 0;
  const deps: ImportServiceDeps = {
    media: {
      async readAndProbe(filePath, sizeBytes) {
        const data = fs.readFileSync(filePath);
        expect(sizeBytes).toBe(data.length);
        const text = data.toString('utf8');
        if (text.startsWith('bad')) throw new UnsupportedMediaError('Not a supported audio file');
        return {
          sha256: sha(text),
          data,
          probed: {
            audio: { ext: 'mp3', mimeType: 'audio/mpeg', codec: null, bitrate: null, sampleRate: null, channels: null, sizeBytes: text.length, sha256: sha(text), durationMs: 1000 },
            tags: { title: text, artists: [], albumArtists: [], compilation: false, genres: [] },
          },
        };
      },
    },
    tags: mediaTags,
    catalog: {
      async createTracks(_actor, inputs) {
        batches.push(inputs.length);
        return inputs.map((input) => {
          if (input.title.startsWith('refused')) return { status: 'failed', error: new InvalidError('Invalid input') };
          const known = tracks.get(input.audio.sha256);
          if (known) return { status: 'duplicate', existingTrackId: known.id };
          created += 1;
          const track = { id: `t${tracks.size + 1}`, title: input.title, coverKey: input.coverKey };
          tracks.set(input.audio.sha256, track);
          return { status: 'created', track: { id: track.id, title: track.title, albumId: null, coverKey: input.coverKey ?? null } };
        });
      },
      findTrackIdBySha256: async (hash) => tracks.get(hash)?.id ?? null,
      checkTracks: async (_actor, inputs) =>
        inputs.map((input) => {
          const known = tracks.get(input.audio.sha256);
          return known ? { status: 'duplicate', existingTrackId: known.id } : { status: 'ok' };
        }),
      getTracks: async (_a, ids) => ids.map((id) => ({ id, title: id, album: null, coverUrl: null })),
      addManager: async (_a, artistId, userId) => {
        managers.push([artistId, userId]);
      },
      getImageKey: async () => null,
      setImage: async () => null,
    },
    users: {
      findByLogin: async (_a, login) => {
        if (login === 'nova') return { id: 'u-nova', role: 'artist', username: 'nova' };
        if (login === 'lis') return { id: 'u-lis', role: 'listener', username: 'lis' };
        throw new NotFoundError('User');
      },
    },
    sources: {
      findByPaths: async (paths) => new Map(paths.filter((p) => sources.has(p)).map((p) => [p, sources.get(p)!])),
      upsert: async (rows) => rows.forEach((row) => sources.set(row.path, row)),
      claimForOwner: async (sha256s, userId) => void claims.push(...sha256s.map((sha256) => ({ sha256, userId }))),
      ownerClaimsReady: async () => claims.map((c) => ({ userId: c.userId, artistId: `artist-of-${c.sha256.slice(0, 6)}` })),
      dropSettledClaims: async () => void claims.splice(0),
    },
    storage: {
      writeTemp: async () => ({ path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-import-tmp-')), 'part') }),
      commitTemp: async (_temp, key) => void stored.add(key),
      putBytes: async (key) => void stored.add(key),
      commitTemps: async (items) =>
        items.map(({ key }) => {
          const created = !stored.has(key);
          stored.add(key);
          return created;
        }),
      syncDirs: async () => undefined,
      discardTemp: async () => undefined,
      stat: async (key) => (stored.has(key) ? { sizeBytes: 1, modifiedAt: new Date() } : null),
      delete: async (keys) => keys.forEach((k) => stored.delete(k)),
      sweepTemp: async () => 0,
    },
    maxImageBytes: 1024 * 1024,
    clock: { now: () => new Date() },
  };
  return { deps, tracks, sources, managers, stored, batches, ingests: () => created };
}

describe('ImportService', () => {
  it('imports each content once, reports copies as duplicates and bad files as failed, and goes on', async () => {
    const root = library({ 'A/X/01 - One.mp3': 'one', 'A/X/02 - Two.mp3': 'two', 'Copies/one.mp3': 'one', 'A/X/03 - Bad.mp3': 'bad bytes', 'A/X/cover.jpg': 'img', 'A/X/notes.txt': 'x' });
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root], concurrency: 3 });
    expect(report.summary).toMatchObject({ total: 4, imported: 2, duplicates: 1, failed: 1, present: 0, skippedNotAudio: 2 });
    expect(report.files.map((x) => [path.relative(root, x.path), x.status])).toEqual([
      ['A/X/01 - One.mp3', expect.stringMatching(/imported|duplicate/)],
      ['A/X/02 - Two.mp3', 'imported'],
      ['A/X/03 - Bad.mp3', 'failed'],
      ['Copies/one.mp3', expect.stringMatching(/imported|duplicate/)],
    ]);
    expect(report.files.find((x) => x.status === 'failed')).toMatchObject({ reason: 'Not a supported audio file' });
    // The folder's cover is not an image (the fake's bytes are text), so the track has none; the bad file left nothing stored.
    expect([...f.tracks.values()].find((t) => t.title === 'two')).toMatchObject({ coverKey: null });
    expect([...f.stored].sort()).toEqual([...f.tracks.keys()].map((h) => `audio/${h.slice(0, 2)}/${h}.mp3`).sort());
  });

  it('a second run reads nothing it noted before; a moved file is found by its hash', async () => {
    const root = library({ 'a.mp3': 'alpha', 'b.mp3': 'beta' });
    const f = fakes();
    const service = new ImportService(f.deps);
    await service.run(SYSTEM, { paths: [root] });
    const ingestsAfterFirst = f.ingests();
    const second = await service.run(SYSTEM, { paths: [root] });
    expect(second.summary).toMatchObject({ imported: 0, present: 2 });
    expect(second.files.every((x) => x.status === 'present' && x.unchanged)).toBe(true);
    fs.renameSync(path.join(root, 'b.mp3'), path.join(root, 'moved.mp3'));
    const third = await service.run(SYSTEM, { paths: [root] });
    expect(third.files.find((x) => x.path.endsWith('moved.mp3'))).toMatchObject({ status: 'present', unchanged: false });
    expect(f.ingests()).toBe(ingestsAfterFirst);
  });

  it('content already in the catalog is present, not imported, and never ingested again', async () => {
    const root = library({ 'a.mp3': 'alpha' });
    const f = fakes({ [sha('alpha')]: 'existing-track' });
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root] });
    expect(report.files).toEqual([{ status: 'present', path: path.join(root, 'a.mp3'), trackId: 'existing-track', unchanged: false }]);
    expect(f.ingests()).toBe(0);
  });

  it('a dry run plans from the tags and writes nothing', async () => {
    const root = library({ 'Artist/Album/01 - Song.mp3': 'Song' });
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root], dryRun: true });
    expect(report.files[0]).toMatchObject({ status: 'planned', plan: { title: 'Song', artists: ['Artist'], album: 'Album', trackNumber: 1 } });
    expect(f.ingests()).toBe(0);
    expect(f.sources.size).toBe(0);
  });

  it('--owner claims before ingesting and hands the claimed artists over at the end', async () => {
    const root = library({ 'a.mp3': 'alpha' });
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root], owner: 'nova' });
    expect(report.summary.ownerAssignedArtists).toBe(1);
    expect(f.managers).toEqual([[`artist-of-${sha('alpha').slice(0, 6)}`, 'u-nova']]);
  });

  it('a bad manifest row fails its file, which the walk then leaves alone; good rows override the tags', async () => {
    const root = library({ 'a.mp3': 'alpha', 'b.mp3': 'beta', 'list.csv': 'path,track_number,title\na.mp3,zero,\nb.mp3,2,Better Title\n' });
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root], manifest: path.join(root, 'list.csv') });
    expect(report.files.map((x) => [path.basename(x.path), x.status])).toEqual([['a.mp3', 'failed'], ['b.mp3', 'imported']]);
    expect(report.files[0]).toMatchObject({ reason: 'manifest row 1: track_number must be a positive integer' });
    expect(report.files[1]).toMatchObject({ title: 'Better Title' });
  });

  it('refuses what it must refuse before touching a file', async () => {
    const root = library({ 'a.mp3': 'alpha' });
    const f = fakes();
    const service = new ImportService(f.deps);
    await expect(service.run(userActor('u1', 'listener'), { paths: [root] })).rejects.toThrow(ForbiddenError);
    await expect(service.run(SYSTEM, { paths: [root], owner: 'lis' })).rejects.toThrow(/not an artist account/);
    await expect(service.run(SYSTEM, { paths: [root], owner: 'ghost' })).rejects.toThrow(InvalidError);
    await expect(service.run(userActor('u2', 'artist'), { paths: [root], owner: 'nova' })).rejects.toThrow(/needs an admin/);
    await expect(service.run(SYSTEM, { paths: [root], concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(service.run(SYSTEM, { paths: [path.join(root, 'missing')] })).rejects.toThrow(/no such file/);
    await expect(service.run(SYSTEM, { paths: [] })).rejects.toThrow(/Nothing to import/);
    expect(f.ingests()).toBe(0);
  });
});

describe('ImportService batches', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

  it('creates many files per transaction, small batches first', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Artist/Album/${String(i + 1).padStart(2, '0')} - Song ${i}.mp3`, `song ${i}`]));
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [library(files)], concurrency: 4 });
    expect(report.summary).toMatchObject({ total: 40, imported: 40, failed: 0 });
    expect(f.batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(f.batches[0]).toBe(8);
    expect(f.batches.length).toBeLessThanOrEqual(4);
    expect(f.sources.size).toBe(40);
  });

  it('a file the catalog refuses fails alone; the others of its batch are imported and its stored audio removed', async () => {
    const root = library({ 'a.mp3': 'alpha', 'b.mp3': 'refused beta', 'c.mp3': 'gamma' });
    const f = fakes();
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root] });
    expect(report.files.map((x) => [path.basename(x.path), x.status])).toEqual([['a.mp3', 'imported'], ['b.mp3', 'failed'], ['c.mp3', 'imported']]);
    expect(report.files[1]).toMatchObject({ reason: 'Invalid input' });
    expect(f.stored.size).toBe(2);
    expect(f.sources.has(path.join(fs.realpathSync(root), 'b.mp3'))).toBe(false);
  });

  it('when the database refuses a whole batch, its files are tried one by one', async () => {
    const root = library({ 'a.mp3': 'alpha', 'b.mp3': 'poison', 'c.mp3': 'gamma' });
    const f = fakes();
    const createTracks = f.deps.catalog.createTracks;
    f.deps.catalog.createTracks = async (actor, inputs) => {
      if (inputs.some((i) => i.title === 'poison')) {
        f.batches.push(inputs.length);
        throw new Error('value too long for type character varying(300)');
      }
      return createTracks(actor, inputs);
    };
    const report = await new ImportService(f.deps).run(SYSTEM, { paths: [root] });
    expect(report.files.map((x) => [path.basename(x.path), x.status])).toEqual([['a.mp3', 'imported'], ['b.mp3', 'failed'], ['c.mp3', 'imported']]);
    expect(report.files[1]).toMatchObject({ reason: 'value too long for type character varying(300)' });
    expect(f.batches).toEqual([3, 1, 1, 1]);
    expect(f.stored.size).toBe(2);
  });

  it("stores a folder's cover once and gives it to every track of the folder", async () => {
    const root = library({ 'A/X/01 - One.mp3': 'one', 'A/X/02 - Two.mp3': 'two' });
    fs.writeFileSync(path.join(root, 'A/X/cover.png'), PNG);
    const f = fakes();
    await new ImportService(f.deps).run(SYSTEM, { paths: [root], concurrency: 2 });
    const covers = [...f.tracks.values()].map((t) => t.coverKey);
    expect(covers).toHaveLength(2);
    const hash = createHash('sha256').update(PNG).digest('hex');
    expect(covers[0]).toBe(`images/${hash.slice(0, 2)}/${hash}.png`);
    expect(covers[1]).toBe(covers[0]);
    expect([...f.stored].filter((k) => k.startsWith('images/'))).toEqual([covers[0]]);
  });
});
