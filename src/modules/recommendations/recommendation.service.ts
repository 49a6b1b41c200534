import { randomBytes } from 'node:crypto';
import { requireAdmin, requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decodeCursor, encodeCursor, pageRequest } from '../../shared/pagination.js';
import { sharedInt32 } from './engine/csr.js';
import { DatasetBuilder } from './engine/dataset.js';
import { DEFAULT_PARAMS, itemNeighbours, rng, scoreUsers, trainAls, type EngineParams, type ModelName, type ScoredModel } from './engine/model.js';
import { WorkerPool } from './engine/pool.js';
import { evaluate, type EvalReport } from './evaluation.js';
import { countOutputs, runMetrics, writeOutputs, type ProgressFn } from './outputs.js';
import { popularReason, reasonRefs, reasonText } from './reasons.js';

export type { ProgressFn };
import { synthesize, type SynthOptions } from './synth.js';
import type { GeneratedPlaylistRecord, RecommendationRepository, RunRecord, SynthRepository } from './recommendation.types.js';
import type { TrackDto } from '../catalog/index.js';

/** What the service needs from the catalog: its track views for the caller, in the order asked. */
export interface TrackReader {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
}

export const MODELS: readonly ModelName[] = ['knn', 'als', 'hybrid'];

/** The choices a caller may make for a run, checked where a run is asked for and where it runs. */
export function checkRunChoice({ model, top }: { model?: string; top?: number }): void {
  if (model !== undefined && !(MODELS as readonly string[]).includes(model)) throw new InvalidError('Unknown model', [{ path: 'model', message: `must be one of ${MODELS.join(', ')}` }]);
  if (top !== undefined && (!Number.isInteger(top) || top < 1 || top > 1000)) throw new InvalidError('Invalid top', [{ path: 'top', message: 'must be 1..1000' }]);
}

export interface RunOptions {
  model?: ModelName;
  /** user ids or usernames; all active users when absent */
  users?: string[];
  top?: number;
  params?: Partial<EngineParams>;
  /**
   * Benchmarks: learn from, and write for, only the first N active users (by id), as if the
   * others did not exist; shows how a run grows with the user base on one dataset.
   */
  limitUsers?: number;
  /** compute and report everything, write no outputs (the run is still recorded) */
  dryRun?: boolean;
  onProgress?: ProgressFn;
}

export interface RunSummary {
  id: string;
  model: ModelName;
  status: 'succeeded';
  dryRun: boolean;
  counts: Record<string, number>;
  timings: Record<string, number>;
  metrics: Record<string, number>;
}

const SIGNAL_PAGE_USERS = 5000;
const POPULAR_CACHE_MS = 5 * 60_000;
const POPULAR_WINDOW_DAYS = 30;

export interface RecommendationServiceDeps {
  repo: RecommendationRepository;
  synthRepo: SynthRepository;
  clock: Clock;
  /** The catalog's track reader for the API's lists; null where only batch runs are made. */
  tracks: TrackReader | null;
  /** Worker threads for a run; none: one per core. */
  threads?: number;
}

export class RecommendationService {
  private popularCache: { at: number; ids: string[] } | null = null;

  constructor(private readonly d: RecommendationServiceDeps) {}

  private async load(holdout: boolean, onProgress?: ProgressFn, limitUsers?: number) {
    const catalog = await this.d.repo.loadCatalog();
    const all = await this.d.repo.listUserIds();
    const userIds = limitUsers ? all.slice(0, limitUsers) : all;
    const builder = new DatasetBuilder({
      users: userIds.length,
      items: catalog.trackIds.length,
      artists: catalog.artistIds.length,
      genres: catalog.genreIds.length,
      trackArtist: catalog.trackArtist,
      trackGenre: catalog.trackGenre,
    });
    const relevant = new Map<number, number[]>();
    let interactions = 0;
    await this.d.repo.readSignals(catalog, userIds, { pageSize: SIGNAL_PAGE_USERS, holdout, until: all[userIds.length] ?? null }, (page) => {
      builder.addPage(page);
      interactions += page.plays.length + page.likes.length + page.ratings.length + page.follows.length;
      for (const r of page.relevant) relevant.set(r.user, [...(relevant.get(r.user) ?? []), r.track]);
      onProgress?.('read', page.end, userIds.length);
    });
    return { catalog, userIds, dataset: builder.build(), relevant, interactions };
  }

  private params(model: ModelName, top: number, extra: Partial<EngineParams> = {}): EngineParams {
    return { ...DEFAULT_PARAMS, ...extra, model, top };
  }

  /** A batch run: read signals, train, score, and replace the stored outputs in one transaction. */
  async run(actor: Actor, opts: RunOptions = {}): Promise<RunSummary> {
    requireAdmin(actor);
    const model = opts.model ?? 'hybrid';
    const top = opts.top ?? DEFAULT_PARAMS.top;
    checkRunChoice({ model, top });
    let scopeIds: string[] | null = null;
    if (opts.users?.length) {
      const resolved = await this.d.repo.resolveUsers(opts.users);
      const unknown = resolved.filter((r) => r.id === null).map((r) => r.ref);
      if (unknown.length) throw new InvalidError(`Unknown users: ${unknown.join(', ')}`, unknown.map((ref) => ({ path: 'user', message: `no user "${ref}"` })));
      scopeIds = [...new Set(resolved.map((r) => r.id!))];
    }
    const params = this.params(model, top, opts.params);
    const id = newId();
    const startedAt = this.d.clock.now();
    await this.d.repo.createRun({ id, algorithm: model, parameters: { ...params, users: scopeIds?.length ?? opts.limitUsers ?? 'all', dryRun: opts.dryRun ?? false }, startedAt });
    const timings: Record<string, number> = {};
    let t0 = Date.now();
    const lap = (name: string) => {
      timings[name] = Date.now() - t0;
      t0 = Date.now();
    };
    const pool = new WorkerPool(this.d.threads);
    try {
      const { catalog, userIds, dataset, interactions } = await this.load(false, opts.onProgress, opts.limitUsers);
      lap('readMs');
      let userList: Int32Array | undefined;
      if (scopeIds) {
        const index = new Map(userIds.map((u, i) => [u, i]));
        const missing = scopeIds.filter((u) => !index.has(u));
        if (missing.length) throw new InvalidError(`Inactive users: ${missing.join(', ')}`, missing.map((u) => ({ path: 'user', message: `${u} is not an active user` })));
        userList = sharedInt32(scopeIds.length).subarray(0, scopeIds.length);
        scopeIds.forEach((u, k) => (userList![k] = index.get(u)!));
      }
      const neighbours = await itemNeighbours(dataset, params, pool, opts.onProgress);
      lap('knnMs');
      const factors = model === 'knn' ? null : await trainAls(dataset, params, pool, opts.onProgress);
      lap('alsMs');
      const scored = await scoreUsers(dataset, { model, top, userList, params, neighbours, factors }, pool, opts.onProgress);
      lap('scoreMs');
      const written = opts.dryRun
        ? { counts: await countOutputs(catalog, userIds, dataset, scored, neighbours, scopeIds), timings: {} }
        : await writeOutputs(this.d.repo, id, catalog, userIds, dataset, scored, neighbours, scopeIds, startedAt, opts.onProgress);
      const counts = written.counts;
      lap('writeMs');
      const totalMs = Object.values(timings).reduce((s, v) => s + v, 0);
      // the write's parts come after it; they are inside writeMs, not added to the total again
      Object.assign(timings, written.timings, { totalMs });
      const metrics = runMetrics(dataset, scored);
      const allCounts = { users: scored.userList.length, tracks: dataset.items, interactions, ...counts };
      await this.d.repo.finishRun(id, { status: 'succeeded', metrics, counts: allCounts, timings, error: null, finishedAt: this.d.clock.now() });
      return { id, model, status: 'succeeded', dryRun: opts.dryRun ?? false, counts: allCounts, timings, metrics };
    } catch (err) {
      await this.d.repo.finishRun(id, {
        status: 'failed',
        metrics: null,
        counts: null,
        timings,
        error: err instanceof Error ? err.message : String(err),
        finishedAt: this.d.clock.now(),
      });
      throw err;
    } finally {
      await pool.close();
    }
  }

  /** Offline evaluation on a time-based holdout, every model next to the popularity baseline. */
  async evaluate(actor: Actor, opts: { k?: number; params?: Partial<EngineParams>; onProgress?: ProgressFn } = {}): Promise<EvalReport> {
    requireAdmin(actor);
    const k = opts.k ?? 20;
    const started = Date.now();
    const { dataset, relevant } = await this.load(true, opts.onProgress);
    const params = this.params('hybrid', k, opts.params);
    const pool = new WorkerPool(this.d.threads);
    try {
      const neighbours = await itemNeighbours(dataset, params, pool, opts.onProgress);
      const factors = await trainAls(dataset, params, pool, opts.onProgress);
      const users = [...relevant.keys()].filter((u) => dataset.R.indptr[u + 1]! > dataset.R.indptr[u]!).sort((a, b) => a - b);
      const userList = sharedInt32(users.length).subarray(0, users.length);
      userList.set(users);
      const models: ScoredModel[] = ['popular', 'knn', 'als', 'hybrid'];
      const results = [];
      for (const model of models) {
        const scored = await scoreUsers(dataset, { model, top: k, userList, params: { ...params, model: model === 'popular' ? 'knn' : model }, neighbours, factors }, pool);
        results.push({ model, ...evaluate(scored, relevant, dataset.items, k) });
        opts.onProgress?.('eval', results.length, models.length);
      }
      return {
        k,
        users: users.length,
        tracks: dataset.items,
        holdout: 'per user, the last 20% of plays by time; relevant = tracks first played in that window',
        models: results,
        durationMs: Date.now() - started,
      };
    } finally {
      await pool.close();
    }
  }

  /** Writes a synthetic world for evaluation and benchmarks. */
  async synthesize(actor: Actor, opts: SynthOptions & { onProgress?: ProgressFn }): Promise<Record<string, number>> {
    requireAdmin(actor);
    const errors: { path: string; message: string }[] = (['users', 'tracks', 'plays'] as const)
      .filter((f) => !Number.isInteger(opts[f]) || opts[f] < 1 || opts[f] > 100_000_000)
      .map((f) => ({ path: f, message: 'must be a whole number from 1 to 100000000' }));
    if (!Number.isInteger(opts.seed)) errors.push({ path: 'seed', message: 'must be a whole number' });
    if (errors.length) throw new InvalidError('Invalid synthetic data options', errors);
    const prefix = `synth${opts.seed}u`;
    if (await this.d.synthRepo.usernamesTaken(prefix)) throw new InvalidError(`Synthetic data with seed ${opts.seed} already exists; use another --seed`, [{ path: 'seed', message: 'already used' }]);
    const data = synthesize({ ...opts, now: opts.now ?? this.d.clock.now() });
    const rand = rng(opts.seed ^ 0x5eed);
    const hex = (n: number) => Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0').slice(0, n);
    // seeded ids keep a dataset reproducible; one random salt per run keeps two runs' ids apart
    const salt = randomBytes(2).toString('hex');
    const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)]}${hex(3)}-${salt}${hex(8)}`;
    const base = `${hex(8)}`;
    const sequential = (n: number) => {
      const h = n.toString(16).padStart(12, '0');
      return `${base}-${salt}-4${h.slice(0, 3)}-8${h.slice(3, 6)}-${h.slice(6)}${hex(6)}`;
    };
    return this.d.synthRepo.insertSynth(data, { prefix, uuid, sequential, now: this.d.clock.now() }, (table, done, total) => opts.onProgress?.(table, done, total));
  }

  lastRun(actor: Actor): Promise<RunRecord | null> {
    requireAdmin(actor);
    return this.d.repo.lastRun();
  }

  private async popular(): Promise<string[]> {
    const now = this.d.clock.now().getTime();
    if (!this.popularCache || now - this.popularCache.at > POPULAR_CACHE_MS) {
      const ids = await this.d.repo.popularTrackIds(new Date(now - POPULAR_WINDOW_DAYS * 86_400_000), 200);
      this.popularCache = { at: now, ids };
    }
    return this.popularCache.ids;
  }

  /** The caller's stored recommendations, or popular tracks when the last run did not cover them. */
  async forMe(actor: Actor, input: { limit?: number; cursor?: string }): Promise<{ items: { track: TrackDto; score: number; reason: string }[]; nextCursor: string | null; generatedAt: Date }> {
    const me = requireUser(actor);
    const { limit } = pageRequest({ limit: input.limit });
    const cursor = decodeCursor(input.cursor);
    const after = cursor ? Number(cursor[0]) : 0;
    if (!Number.isInteger(after) || after < 0) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
    const list = await this.d.repo.readRecommendations(me.id);
    const stored = list !== null && list.items.length > 0;
    let items: { trackId: string; score: number; reason: string; rank: number }[];
    let generatedAt: Date;
    if (stored || after > 0) {
      const slice = (list?.items ?? []).filter((r) => r.rank > after).slice(0, limit + 1);
      const names = await this.d.repo.reasonNames(reasonRefs(slice.slice(0, limit)));
      items = slice.map((r) => ({ trackId: r.trackId, score: r.score, reason: reasonText(r, names), rank: r.rank }));
      generatedAt = list?.generatedAt ?? this.d.clock.now();
    } else {
      const blocked = new Set(await this.d.repo.lowRatedTrackIds(me.id));
      const ids = (await this.popular()).filter((id) => !blocked.has(id));
      const genres = await this.d.repo.genreIdsOfTracks(ids.slice(0, limit + 1));
      items = ids.slice(0, limit + 1).map((trackId, i) => ({
        trackId,
        rank: i + 1,
        score: Math.round((1 - i / (ids.length + 1)) * 1e3) / 1e6,
        reason: popularReason(genres.get(trackId)?.[0]?.name),
      }));
      generatedAt = this.d.clock.now();
    }
    const page = items.slice(0, limit);
    const tracks = await this.trackPayloads(actor, page.map((r) => r.trackId));
    return {
      items: page.filter((r) => tracks.has(r.trackId)).map((r) => ({ track: tracks.get(r.trackId)!, score: r.score, reason: r.reason })),
      nextCursor: items.length > limit && stored ? encodeCursor([page[page.length - 1]!.rank]) : null,
      generatedAt,
    };
  }

  async mixes(actor: Actor): Promise<GeneratedPlaylistRecord[]> {
    const me = requireUser(actor);
    return this.d.repo.generatedPlaylists(me.id);
  }

  /** Tracks most like this one; tracks of the same genres when the last run had none for it. */
  async similar(actor: Actor, trackId: string, input: { limit?: number }): Promise<{ items: { track: TrackDto; score: number }[] }> {
    requireUser(actor);
    const { limit } = pageRequest({ limit: input.limit });
    const self = await this.trackPayloads(actor, [trackId]);
    if (!self.has(trackId)) throw new NotFoundError('Track');
    let rows = await this.d.repo.readSimilar(trackId, limit);
    if (rows.length === 0) {
      const genres = (await this.d.repo.genreIdsOfTracks([trackId])).get(trackId) ?? [];
      const genreIds = new Set(genres.map((g) => g.id));
      const popular = await this.popular();
      const popularGenres = await this.d.repo.genreIdsOfTracks(popular);
      const ids = popular.filter((id) => id !== trackId && (popularGenres.get(id) ?? []).some((g) => genreIds.has(g.id))).slice(0, limit);
      if (ids.length < limit) ids.push(...(await this.d.repo.tracksInGenres([...genreIds], [trackId, ...ids], limit - ids.length)));
      rows = ids.map((id) => ({ trackId: id, score: 0 }));
    }
    const tracks = await this.trackPayloads(actor, rows.map((r) => r.trackId));
    return { items: rows.filter((r) => tracks.has(r.trackId)).map((r) => ({ track: tracks.get(r.trackId)!, score: r.score })) };
  }

  private async trackPayloads(actor: Actor, ids: string[]): Promise<Map<string, TrackDto>> {
    if (!this.d.tracks) throw new Error('recommendations need the catalog service to show tracks');
    const list = await this.d.tracks.getTracks(actor, ids);
    return new Map(list.map((t) => [t.id, t]));
  }
}
