import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Actor } from '../../shared/actor.js';
import { ConflictError, NotFoundError, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { MAX_LYRICS_CHARS, MAX_SYNCED_LINES } from '../../shared/lyrics.js';
import type { CatalogAccess } from './catalog.access.js';
import type { SequelizeCatalogRepository } from './catalog.repository.js';
import {
  checkAlbumType, checkDate, checkGenreNames, checkIds, checkName, checkPositive, invalidInput, isSharedArtistName, nameKey, orderCredits, slugify, throwIfAny, uniqueGenreNames,
} from './catalog.rules.js';
import type { ArtistRecord, ArtistRole, NewTrackInput, NewTrackResult, TrackCheck, TxOptions } from './catalog.types.js';

export interface TrackCreationDeps {
  repo: SequelizeCatalogRepository;
  access: CatalogAccess;
  transaction: <T>(fn: (t: Transaction) => Promise<T>) => Promise<T>;
}

/** The identity an album created by name is found by again: its title (case-insensitively) and first artist. */
export const albumMatchKey = (title: string, firstArtistId: string): string =>
  createHash('sha256').update(`${nameKey(title)}\u0000${firstArtistId}`).digest('hex');

const viewerOf = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);
const cleanName = (raw: string) => raw.trim().replace(/\s+/g, ' ');

/** One input on its way through a batch. */
interface Pending {
  index: number;
  input: NewTrackInput;
  trackId: string;
  credits?: { artistId: string; role: ArtistRole }[];
  albumId?: string | null;
}

/**
 * Creating tracks, one (uploads) or many at once (imports). Artists, albums and genres named
 * in the inputs are found by name (case-insensitively) or created, for the whole batch with a
 * few set-based queries; the tracks and their credits and genres go in with multi-row
 * inserts, all in one transaction. An input that breaks a rule (invalid, an artist or album
 * the actor may not use, audio already in the catalog) is answered on its own and left out,
 * so it never stops the others.
 */
export class TrackCreation {
  constructor(private readonly d: TrackCreationDeps) {}

  /**
   * An artist account may credit any existing artist, but each track needs a main artist it
   * manages and each album it names an artist it manages or Various Artists (see
   * checkArtistAccess); artists it creates by name become its own. Answers in the order of `inputs`.
   */
  async createTracks(actor: Actor, inputs: NewTrackInput[], opts: TxOptions = {}): Promise<NewTrackResult[]> {
    const { results, pending: valid } = this.validate(actor, inputs);
    if (valid.length === 0) return results as NewTrackResult[];
    const fail = (p: Pending, error: Error) => void (results[p.index] = { status: 'failed', error });

    const inTx = <T>(fn: (t: Transaction) => Promise<T>) => (opts.transaction ? fn(opts.transaction) : this.d.transaction(fn));
    await inTx(async (t) => {
      const admitted = await this.admit(actor, valid, results, t);
      let { pending } = admitted;
      const { named, firstOf, repeats } = admitted;
      const { artists, raced } = await this.artistsByName(actor, pending, named, t);
      // Artists another transaction created meanwhile were not checked above: the same rules apply to them.
      if (raced) {
        pending = pending.filter((p) => namesOf(p).every((n) => artists.has(nameKey(n))) || void fail(p, new ConflictError('An artist was removed while it was being added; try again')));
        pending = await this.checkArtistAccess(actor, pending, artists, t, fail);
      }
      for (const p of pending) {
        if (p.input.artistIds?.length) p.credits = p.input.artistIds.map((artistId) => ({ artistId, role: 'main' }));
        else p.credits = creditsOf(orderCredits(p.input.artistNames ?? []), artists);
      }
      await this.resolveAlbums(actor, pending, artists, t);
      const genreIds = await this.genreIds(pending, t);

      const inserted = await this.d.repo.createTracks(
        pending.map((p) => {
          const { input } = p;
          const a = input.audio;
          return {
            id: p.trackId,
            credits: p.credits!,
            genreIds: genreIds(input.genres ?? []),
            row: {
              title: input.title.trim(),
              albumId: p.albumId ?? null,
              discNumber: input.discNumber ?? null,
              trackNumber: input.trackNumber ?? null,
              durationMs: Math.round(a.durationMs),
              releaseDate: input.releaseDate ?? input.album?.releaseDate ?? null,
              coverKey: input.coverKey ?? null,
              audioKey: a.key,
              audioMime: a.mimeType,
              audioCodec: a.codec,
              audioBitrate: a.bitrate === null ? null : Math.round(a.bitrate),
              audioSampleRate: a.sampleRate,
              audioChannels: a.channels,
              audioSizeBytes: a.sizeBytes,
              audioSha256: a.sha256,
              createdById: viewerOf(actor),
              ...tagExtrasOf(input),
            },
          };
        }),
        t,
      );
      // Audio another transaction added meanwhile is that track's, as if it had been there before.
      const owners = await this.d.repo.findTrackIdsBySha256(pending.filter((p) => !inserted.has(p.trackId)).map((p) => p.input.audio.sha256), t);
      for (const p of pending) {
        const owner = owners.get(p.input.audio.sha256);
        if (inserted.has(p.trackId)) {
          results[p.index] = { status: 'created', track: { id: p.trackId, title: p.input.title.trim(), albumId: p.albumId ?? null, coverKey: p.input.coverKey ?? null } };
        } else if (owner) results[p.index] = { status: 'duplicate', existingTrackId: owner };
        else fail(p, new ConflictError('The track could not be added at the same moment as another; try again'));
      }
      for (const p of repeats) {
        const first = results[firstOf.get(p.input.audio.sha256)!.index]!;
        results[p.index] = first.status === 'created' ? { status: 'duplicate', existingTrackId: first.track.id } : first;
      }
    });
    return results as NewTrackResult[];
  }

  /**
   * What createTracks would answer, without writing: the same validation and the same rules on
   * the catalog as it is now (a dry run's prediction). 'created' stands for "would be created".
   */
  async checkTracks(actor: Actor, inputs: NewTrackInput[]): Promise<TrackCheck[]> {
    const { results, pending } = this.validate(actor, inputs);
    if (pending.length > 0) {
      await this.d.transaction(async (t) => {
        const admitted = await this.admit(actor, pending, results, t);
        for (const p of admitted.pending) results[p.index] = { status: 'created', track: { id: p.trackId, title: p.input.title.trim(), albumId: null, coverKey: p.input.coverKey ?? null } };
        for (const p of admitted.repeats) results[p.index] = results[admitted.firstOf.get(p.input.audio.sha256)!.index];
      });
    }
    return results.map((r) => (r!.status === 'created' ? { status: 'ok' } : r!)) as TrackCheck[];
  }

  private validate(actor: Actor, inputs: NewTrackInput[]): { results: (NewTrackResult | undefined)[]; pending: Pending[] } {
    this.d.access.requireWriter(actor);
    const results: (NewTrackResult | undefined)[] = inputs.map(() => undefined);
    const pending: Pending[] = [];
    for (const [index, input] of inputs.entries()) {
      try {
        checkNewTrack(input);
        pending.push({ index, input, trackId: newId() });
      } catch (err) {
        results[index] = { status: 'failed', error: err as Error };
      }
    }
    return { results, pending };
  }

  /** Known audio answered as duplicates, then the rules on artists and albums; what is left may be written. */
  private async admit(actor: Actor, valid: Pending[], results: (NewTrackResult | undefined)[], t: Transaction) {
    const fail = (p: Pending, error: Error) => void (results[p.index] = { status: 'failed', error });
    // The same audio twice: the catalog's copy wins, then the first of the batch.
    const known = await this.d.repo.findTrackIdsBySha256(valid.map((p) => p.input.audio.sha256), t);
    const firstOf = new Map<string, Pending>();
    const repeats: Pending[] = [];
    let pending = valid.filter((p) => {
      const sha = p.input.audio.sha256;
      const existing = known.get(sha);
      if (existing) results[p.index] = { status: 'duplicate', existingTrackId: existing };
      else if (firstOf.has(sha)) repeats.push(p);
      else firstOf.set(sha, p);
      return !existing && firstOf.get(sha) === p;
    });
    const named = await this.d.repo.findArtistsByName(pending.flatMap(namesOf), t);
    pending = await this.checkArtistAccess(actor, pending, named, t, fail);
    pending = await this.checkAlbumAccess(actor, pending, t, fail);
    return { pending, named, firstOf, repeats };
  }

  /** One track; the errors are those of createTracks' answer (ConflictError naming the track for known audio). */
  async createTrack(actor: Actor, input: NewTrackInput, opts: TxOptions = {}): Promise<string> {
    const [result] = await this.createTracks(actor, [input], opts);
    if (result!.status === 'failed') throw result!.error;
    if (result!.status === 'duplicate') throw new ConflictError('This audio is already in the catalog', { existingTrackId: result!.existingTrackId });
    return result!.track.id;
  }

  /**
   * Crediting is not managing. Artists given by id must exist. For an artist account, a track
   * needs a main artist it manages (or one named here that does not exist yet, which becomes its
   * own); every other credit may be any artist. An album named here needs an album artist it
   * manages (or a new one), unless its first artist is Various Artists, which nobody but admins
   * manages and every compilation shares.
   */
  private async checkArtistAccess(
    actor: Actor,
    pending: Pending[],
    named: Map<string, ArtistRecord>,
    t: Transaction,
    fail: (p: Pending, e: Error) => void,
  ): Promise<Pending[]> {
    const byId = [...new Set(pending.flatMap((p) => p.input.artistIds ?? []))];
    const existing = new Set([...(await this.d.repo.existingArtistIds(byId, t)), ...[...named.values()].map((a) => a.id)]);
    const managed = await this.d.access.managed(actor, [...existing], t);
    // A name nobody has yet: this upload creates it for the actor (Various Artists excepted).
    const own = (name: string) => {
      const artist = named.get(nameKey(name));
      return artist ? managed.has(artist.id) : !isSharedArtistName(name);
    };
    const foreign = (names: string[]) => names.filter((n) => !own(n)).map((n) => `"${cleanName(n)}"`).join(', ');
    return pending.filter((p) => {
      const ids = p.input.artistIds ?? [];
      if (!ids.every((id) => existing.has(id))) return void fail(p, new NotFoundError('Artist'));
      if (ids.length > 0 && !ids.some((id) => managed.has(id))) return void fail(p, new NotFoundError('Artist'));
      const errors: FieldError[] = [];
      const mains = ids.length > 0 ? [] : (p.input.artistNames ?? []).filter((a) => a.role === 'main').map((a) => a.name);
      if (mains.length > 0 && !mains.some(own)) errors.push({ path: 'artists', message: `needs a main artist you manage (you do not manage ${foreign(mains)})` });
      const album = p.input.albumId ? null : p.input.album;
      if (album?.artistNames.length && !isSharedArtistName(album.artistNames[0]!) && !album.artistNames.some(own)) {
        errors.push({ path: 'album.artistNames', message: `needs an artist you manage, or Various Artists (you do not manage ${foreign(album.artistNames)})` });
      }
      if (errors.length === 0) return true;
      fail(p, invalidInput(errors));
      return false;
    });
  }

  private async checkAlbumAccess(actor: Actor, pending: Pending[], t: Transaction, fail: (p: Pending, e: Error) => void): Promise<Pending[]> {
    const allowed = new Map<string, boolean>();
    for (const id of new Set(pending.flatMap((p) => (p.input.albumId ? [p.input.albumId] : [])))) {
      allowed.set(id, await this.d.access.album(actor, id, t).then(() => true, (err: unknown) => {
        if (err instanceof NotFoundError) return false;
        throw err;
      }));
    }
    return pending.filter((p) => {
      if (!p.input.albumId || allowed.get(p.input.albumId)) return true;
      fail(p, new NotFoundError('Album'));
      return false;
    });
  }

  /**
   * Every artist the batch names, by name key (`found`: those that exist), the missing ones
   * created in one insert. `raced`: some name was taken by another transaction meanwhile, and
   * the artist found is that one.
   */
  private async artistsByName(
    actor: Actor,
    pending: Pending[],
    found: Map<string, ArtistRecord>,
    t: Transaction,
  ): Promise<{ artists: Map<string, ArtistRecord>; raced: boolean }> {
    const names = pending.flatMap(namesOf);
    const missing = new Map<string, string>();
    for (const raw of names) {
      const name = cleanName(raw);
      if (!found.has(nameKey(name)) && !missing.has(nameKey(name))) missing.set(nameKey(name), name);
    }
    const created = await this.d.repo.createArtists([...missing.values()].map((name) => ({ name, createdById: viewerOf(actor) })), t);
    for (const a of created) found.set(nameKey(a.name), a);
    if (actor.kind === 'user' && actor.role === 'artist') {
      await this.d.repo.addManagers(created.filter((a) => !isSharedArtistName(a.name)).map((a) => ({ artistId: a.id, userId: actor.id })), t);
    }
    const taken = [...missing.entries()].filter(([key]) => !found.has(key)).map(([, name]) => name);
    if (taken.length === 0) return { artists: found, raced: false };
    for (const [key, artist] of await this.d.repo.findArtistsByName(taken, t)) found.set(key, artist);
    return { artists: found, raced: true };
  }

  /** An album named by title and artists is the one with that title and first artist, or a new one. */
  private async resolveAlbums(actor: Actor, pending: Pending[], artists: Map<string, ArtistRecord>, t: Transaction): Promise<void> {
    const wanted = new Map<string, { album: NonNullable<NewTrackInput['album']>; artistIds: string[]; releaseDate: string | null }>();
    const keyOf = new Map<Pending, string>();
    for (const p of pending) {
      if (p.input.albumId) p.albumId = p.input.albumId;
      const album = p.input.albumId ? null : p.input.album;
      if (!album) continue;
      const artistIds = [...new Set(album.artistNames.map((n) => artists.get(nameKey(n))!.id))];
      const key = albumMatchKey(album.title, artistIds[0]!);
      keyOf.set(p, key);
      const seen = wanted.get(key);
      // The album's date comes from the first of its files that has one, whatever order they came in.
      if (!seen) wanted.set(key, { album, artistIds, releaseDate: dateOf(album, p.input) });
      else seen.releaseDate ??= dateOf(album, p.input);
    }
    if (wanted.size === 0) return;
    const ids = new Map<string, string>();
    const undated: { id: string; releaseDate: string }[] = [];
    for (const a of await this.d.repo.albumsByFirstArtist([...wanted.values()].map((w) => w.artistIds[0]!), t)) {
      const key = albumMatchKey(a.title, a.artistId);
      if (ids.has(key)) continue;
      ids.set(key, a.id);
      // An album made by an earlier batch from undated files only takes the first date that comes.
      const releaseDate = wanted.get(key)?.releaseDate;
      if (!a.dated && releaseDate) undated.push({ id: a.id, releaseDate });
    }
    await this.d.repo.fillAlbumReleaseDates(undated, t);
    const created = await this.d.repo.createAlbumsByKey(
      [...wanted.entries()]
        .filter(([key]) => !ids.has(key))
        .map(([matchKey, { album, artistIds, releaseDate }]) => ({
          title: album.title.trim(),
          type: album.type ?? 'album',
          releaseDate,
          createdById: viewerOf(actor),
          matchKey,
          artistIds,
        })),
      t,
    );
    for (const [key, id] of created) ids.set(key, id);
    for (const [p, key] of keyOf) p.albumId = ids.get(key)!;
  }

  private async genreIds(pending: Pending[], t: Transaction): Promise<(names: string[]) => string[]> {
    const genres = await this.d.repo.findOrCreateGenres(uniqueGenreNames(pending.flatMap((p) => p.input.genres ?? [])), t);
    const bySlug = new Map(genres.map((g) => [g.slug, g.id]));
    return (names) => uniqueGenreNames(names).flatMap((n) => bySlug.get(slugify(n)) ?? []);
  }
}

/** Lyrics and ReplayGain columns from what the tags said. */
function tagExtrasOf(input: NewTrackInput) {
  const gain = input.replayGain;
  return {
    lyrics: input.lyrics?.text ?? null,
    syncedLyrics: input.lyrics?.synced?.length ? input.lyrics.synced : null,
    replayGainTrackGain: gain?.trackGain ?? null,
    replayGainTrackPeak: gain?.trackPeak ?? null,
    replayGainAlbumGain: gain?.albumGain ?? null,
    replayGainAlbumPeak: gain?.albumPeak ?? null,
  };
}

/** The release date an album created by name takes from one of its tracks' inputs. */
const dateOf = (album: NonNullable<NewTrackInput['album']>, input: NewTrackInput): string | null => album.releaseDate ?? input.releaseDate ?? null;

/** Names a track input refers to artists by: its credits (unless given by id) and its album's artists. */
function namesOf(p: Pending): string[] {
  const { input } = p;
  return [...(input.artistIds?.length ? [] : (input.artistNames ?? []).map((a) => a.name)), ...(!input.albumId && input.album ? input.album.artistNames : [])];
}

/** Ordered credits, one per artist (a name given twice, or two spellings of one artist, count once). */
function creditsOf(names: { name: string; role: ArtistRole }[], artists: Map<string, ArtistRecord>) {
  const credits: { artistId: string; role: ArtistRole }[] = [];
  const roleOf = new Map(names.map((n) => [nameKey(n.name), n.role]));
  for (const n of names) {
    const artist = artists.get(nameKey(n.name))!;
    if (!credits.some((c) => c.artistId === artist.id)) credits.push({ artistId: artist.id, role: roleOf.get(nameKey(artist.name)) ?? 'main' });
  }
  return credits;
}

export function checkNewTrack(input: NewTrackInput): void {
  const errors: FieldError[] = [];
  checkName(input.title, 'title', errors);
  if (input.artistIds?.length) checkIds(input.artistIds, 'artistIds', errors, 1);
  else if (!input.artistNames?.length) errors.push({ path: 'artists', message: 'a track needs at least one artist' });
  else input.artistNames.forEach((a, i) => checkName(a.name, `artistNames.${i}.name`, errors));
  if (input.artistNames?.length && !input.artistIds?.length && !input.artistNames.some((a) => a.role === 'main')) {
    errors.push({ path: 'artists', message: 'needs at least one main artist' });
  }
  if (input.album) {
    checkName(input.album.title, 'album.title', errors);
    if (!input.album.artistNames?.length) errors.push({ path: 'album.artistNames', message: 'an album needs at least one artist' });
    else input.album.artistNames.forEach((n, i) => checkName(n, `album.artistNames.${i}`, errors));
    checkAlbumType(input.album.type, 'album.type', errors);
    checkDate(input.album.releaseDate, 'album.releaseDate', errors);
  }
  if (input.albumId) checkIds([input.albumId], 'albumId', errors);
  checkGenreNames(input.genres, 'genres', errors);
  checkPositive(input.trackNumber, 'trackNumber', errors);
  checkPositive(input.discNumber, 'discNumber', errors);
  checkDate(input.releaseDate, 'releaseDate', errors);
  checkTagExtras(input, errors);
  const a = input.audio;
  if (!a || typeof a.key !== 'string' || !a.key || !/^[0-9a-f]{64}$/.test(a.sha256) || !Number.isFinite(a.durationMs) || a.durationMs < 0 || !Number.isInteger(a.sizeBytes) || a.sizeBytes < 0) {
    errors.push({ path: 'audio', message: 'is not a stored audio description' });
  }
  throwIfAny(errors);
}

function checkTagExtras(input: NewTrackInput, errors: FieldError[]): void {
  const { lyrics, replayGain } = input;
  if (lyrics) {
    if (typeof lyrics.text !== 'string' || lyrics.text.length > MAX_LYRICS_CHARS) errors.push({ path: 'lyrics.text', message: `must be at most ${MAX_LYRICS_CHARS} characters` });
    const lines = lyrics.synced ?? [];
    if (lines.length > MAX_SYNCED_LINES || !lines.every((l) => Number.isInteger(l.startMs) && l.startMs >= 0 && typeof l.text === 'string')) {
      errors.push({ path: 'lyrics.synced', message: `must be at most ${MAX_SYNCED_LINES} lines, each with a start time in whole milliseconds` });
    }
  }
  for (const [name, value] of Object.entries(replayGain ?? {})) {
    if (value !== null && !Number.isFinite(value)) errors.push({ path: `replayGain.${name}`, message: 'must be a number' });
  }
}
