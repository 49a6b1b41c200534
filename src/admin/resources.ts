import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { Container } from '../container.js';
import { isAdmin, type Actor } from '../shared/actor.js';
import { ConflictError, InvalidError } from '../shared/errors.js';
import { modelFor } from './panel-models.js';
import { ScopedResource, toPanelError, type ResourceWriter, type ScopedResourceOptions } from './scoped-resource.js';
import { isPanelAdmin, panelActor } from './panel-actor.js';
import { ids, optionalInt, optionalText, text } from './form-values.js';
import type { PanelUploads } from './panel-uploads.js';

export interface PanelComponents {
  trackPreview: string;
  audioUpload: string;
  uploadTitle: string;
  duration: string;
  confirmAction: string;
}

type Access = (ctx: ActionContext) => boolean;
const adminsOnly: Access = ({ currentAdmin }) => isPanelAdmin(currentAdmin);
const everyone: Access = () => true;
const never: Access = () => false;

/** The same access rule on every built-in action; custom actions add their own. */
function actions(access: { read: Access; write: Access; create?: Access; remove?: Access }): ResourceOptions['actions'] {
  return {
    list: { isAccessible: access.read },
    show: { isAccessible: access.read },
    search: { isAccessible: access.read },
    new: { isAccessible: access.create ?? access.write },
    edit: { isAccessible: access.write },
    delete: { isAccessible: access.remove ?? access.write },
    bulkDelete: { isAccessible: access.remove ?? access.write },
  };
}

const navigation = { catalog: { name: 'Catalog', icon: 'Music' }, platform: { name: 'Platform', icon: 'Settings' } };

/** `uploads` is the only source of files: a form value is a file only if the panel's parser wrote it for this request. */
export function buildResources(container: Container, components: PanelComponents, uploads: PanelUploads): ResourceWithOptions[] {
  const { sequelize } = container.db;
  const { users, auth, catalog, media, announcements, jobs } = container.services;
  const model = (table: string) => modelFor(sequelize, table);
  /** Artist accounts see the artists they manage and those artists' albums and tracks; admins see everything. */
  const artistScope = (actor: Actor) => catalog.managedScope(actor, 'artists');
  const albumScope = (actor: Actor) => catalog.managedScope(actor, 'albums');
  const trackScope = (actor: Actor) => catalog.managedScope(actor, 'tracks');
  const adminScope = async (actor: Actor) => (isAdmin(actor) ? null : { id: null });

  const resource = (table: string, writer: ResourceWriter, opts: Omit<ScopedResourceOptions, 'writer'> = {}) =>
    new ScopedResource(model(table), { ...opts, writer, scope: opts.scope ?? adminScope });

  /** Credits in order: ids for the form's picker, names for lists and show pages. */
  const withArtists = (read: (actor: Actor, ids: string[]) => Promise<{ id: string; artists: { id: string; name: string }[] }[]>) =>
    async (actor: Actor, rows: Record<string, unknown>[]) => {
      const found = new Map((await read(actor, rows.map((r) => String(r.id)))).map((x) => [x.id, x.artists]));
      for (const row of rows) {
        const artists = found.get(String(row.id)) ?? [];
        row.artistIds = artists.map((a) => a.id);
        row.artists = artists.map((a) => a.name).join(', ');
      }
    };
  /**
   * The edit form sends the credits it was filled with; only a changed list is passed on, so
   * saving a title does not re-check credits to artists the editor does not manage.
   */
  const changedArtistIds = (current: { id: string }[], sent: unknown): string[] | undefined => {
    const next = ids(sent);
    if (!next?.length) return undefined;
    return next.join() === current.map((a) => a.id).join() ? undefined : next;
  };
  const artistsColumn = { type: 'string' as const, isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } };

  /**
   * A state change on one user. AdminJS's front end calls an action without a component by GET,
   * which a link on another site can trigger, so each has a confirmation page that POSTs, and a
   * GET (that page loading its record) changes nothing.
   */
  const userAction = (name: string, run: (actor: Actor, id: string) => Promise<string>, visible: (status: string) => boolean, question: string, confirm: string) => ({
    actionType: 'record' as const,
    component: components.confirmAction,
    custom: { question, confirm },
    icon: name === 'sendPasswordReset' ? 'Mail' : 'Slash',
    isAccessible: adminsOnly,
    isVisible: ({ record }: ActionContext) => visible(String(record?.params.status)),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, resource: res, h } = context;
      if (request.method !== 'post') return { record: record!.toJSON(currentAdmin) };
      try {
        const message = await run(panelActor(currentAdmin), String(request.params.recordId));
        const fresh = await res.findOne(String(request.params.recordId), context);
        return { record: (fresh ?? record!).toJSON(currentAdmin), notice: { message, type: 'success' }, redirectUrl: h.recordActionUrl({ resourceId: 'users', recordId: String(request.params.recordId), actionName: 'show' }) };
      } catch (err) {
        const e = toPanelError(err) as { baseError?: { message?: string }; message: string };
        return { record: record!.toJSON(currentAdmin), notice: { message: e.baseError?.message ?? e.message, type: 'error' } };
      }
    },
  });

  return [
    {
      resource: resource(
        'users',
        {
          update: async (actor, id, p) => {
            await users.adminUpdate(actor, id, { role: (text(p.role) || undefined) as never, status: (text(p.status) || undefined) as never });
          },
        },
        { hidden: ['passwordHash', 'usernameKey', 'avatarKey'] },
      ),
      options: {
        id: 'users',
        navigation: navigation.platform,
        listProperties: ['email', 'username', 'displayName', 'role', 'status', 'createdAt'],
        showProperties: ['id', 'email', 'username', 'displayName', 'role', 'status', 'emailVerifiedAt', 'createdAt', 'updatedAt'],
        editProperties: ['role', 'status'],
        filterProperties: ['email', 'username', 'role', 'status', 'createdAt'],
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          role: { availableValues: ['listener', 'artist', 'admin'].map((v) => ({ value: v, label: v })) },
          status: { availableValues: ['active', 'banned'].map((v) => ({ value: v, label: v })) },
        },
        actions: {
          ...actions({ read: adminsOnly, write: adminsOnly, create: never, remove: never }),
          ban: userAction('ban', async (actor, id) => (await users.adminUpdate(actor, id, { status: 'banned' }), 'The account is banned and signed out everywhere'), (s) => s === 'active', 'Ban this account? Every session ends at once.', 'Ban'),
          unban: userAction('unban', async (actor, id) => (await users.adminUpdate(actor, id, { status: 'active' }), 'The account is active again'), (s) => s === 'banned', 'Let this account sign in again?', 'Unban'),
          sendPasswordReset: userAction('sendPasswordReset', async (actor, id) => (await auth.sendPasswordResetFor(actor, id), 'A password reset link was mailed'), (s) => s === 'active', 'Mail this user a password reset link?', 'Send the link'),
        },
      },
    },
    {
      resource: resource(
        'artists',
        {
          create: async (actor, p) => (await catalog.createArtist(actor, { name: text(p.name) ?? '', bio: optionalText(p.bio) ?? null })).id,
          update: async (actor, id, p) => void (await catalog.updateArtist(actor, id, { name: text(p.name), bio: optionalText(p.bio) })),
          delete: (actor, id) => catalog.deleteArtist(actor, id),
        },
        { hidden: ['nameKey', 'photoKey', 'searchText'], scope: artistScope },
      ),
      options: {
        id: 'artists',
        navigation: navigation.catalog,
        titleProperty: 'name',
        listProperties: ['name', 'slug', 'createdAt'],
        editProperties: ['name', 'bio'],
        filterProperties: ['name', 'slug', 'createdAt'],
        properties: { bio: { type: 'textarea' } },
        actions: actions({ read: everyone, write: everyone }),
      },
    },
    {
      resource: resource(
        'albums',
        {
          create: async (actor, p) =>
            (await catalog.createAlbum(actor, { title: text(p.title) ?? '', type: (text(p.type) || undefined) as never, releaseDate: optionalText(p.releaseDate) ?? null, artistIds: ids(p.artistIds) ?? [] })).id,
          update: async (actor, id, p) => {
            const [current] = await catalog.getAlbumSummaries(actor, [id]);
            const artistIds = changedArtistIds(current?.artists ?? [], p.artistIds);
            await catalog.updateAlbum(actor, id, { title: text(p.title), type: (text(p.type) || undefined) as never, releaseDate: optionalText(p.releaseDate), artistIds });
          },
          delete: (actor, id) => catalog.deleteAlbum(actor, id),
        },
        { hidden: ['titleKey', 'matchKey', 'coverKey', 'searchText'], scope: albumScope, extend: withArtists((actor, ids) => catalog.getAlbumSummaries(actor, ids)) },
      ),
      options: {
        id: 'albums',
        navigation: navigation.catalog,
        titleProperty: 'title',
        listProperties: ['title', 'artists', 'type', 'releaseDate', 'createdAt'],
        showProperties: ['id', 'title', 'artists', 'type', 'releaseDate', 'createdAt', 'updatedAt'],
        editProperties: ['title', 'artistIds', 'type', 'releaseDate'],
        filterProperties: ['title', 'type', 'releaseDate'],
        properties: {
          type: { availableValues: ['album', 'single', 'ep', 'compilation'].map((v) => ({ value: v, label: v })) },
          artistIds: { type: 'reference', reference: 'artists', isArray: true, description: 'Album artists, in order' },
          artists: artistsColumn,
        },
        actions: actions({ read: everyone, write: everyone }),
      },
    },
    {
      resource: resource(
        'tracks',
        {
          create: async (actor, p) => {
            const upload = uploads.take(p.audioFile);
            if (!upload) throw new InvalidError('Choose an audio file', [{ path: 'audioFile', message: 'is required' }]);
            const artistIds = ids(p.artistIds);
            // The upload is the parser's own file in the staging folder, so it is moved into place, not copied.
            const result = await media.ingestFile(actor, upload.path, {
              ...(text(p.title) ? { title: text(p.title) } : {}),
              ...(artistIds?.length ? { artistIds } : {}),
              ...(text(p.albumId) ? { albumId: text(p.albumId) } : {}),
            }, { keepSource: false });
            if (result.status === 'duplicate') throw new ConflictError(`This audio is already stored as track ${result.existingTrackId}`);
            return (result.track as { id: string }).id;
          },
          update: async (actor, id, p) => {
            const current = await catalog.getTrack(actor, id);
            const artistIds = changedArtistIds(current.artists, p.artistIds);
            // A credit keeps its role (main or featured); an artist added here is a main artist.
            const roles = new Map(current.artists.map((a) => [a.id, a.role]));
            await catalog.updateTrack(actor, id, {
              title: text(p.title),
              artists: artistIds?.map((artistId) => ({ id: artistId, role: roles.get(artistId) ?? 'main' })),
              albumId: p.albumId === undefined ? undefined : text(p.albumId) || null,
              trackNumber: optionalInt(p.trackNumber),
              discNumber: optionalInt(p.discNumber),
              releaseDate: optionalText(p.releaseDate),
            });
          },
          delete: (actor, id) => catalog.deleteTrack(actor, id),
        },
        { hidden: ['titleKey', 'searchText', 'audioKey', 'coverKey'], scope: trackScope, extend: withArtists((actor, ids) => catalog.getTracks(actor, ids)) },
      ),
      options: {
        id: 'tracks',
        navigation: navigation.catalog,
        titleProperty: 'title',
        listProperties: ['title', 'artists', 'albumId', 'durationMs', 'ratingCount', 'createdAt'],
        showProperties: ['preview', 'id', 'title', 'artists', 'albumId', 'trackNumber', 'discNumber', 'durationMs', 'releaseDate', 'audioMime', 'audioCodec', 'audioBitrate', 'audioSizeBytes', 'ratingCount', 'ratingSum', 'createdAt'],
        editProperties: ['audioFile', 'title', 'artistIds', 'albumId', 'trackNumber', 'discNumber', 'releaseDate'],
        filterProperties: ['title', 'albumId', 'createdAt'],
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          albumId: { type: 'reference', reference: 'albums' },
          preview: { components: { show: components.trackPreview }, isVisible: { show: true, list: false, edit: false, filter: false } },
          // AdminJS has one form for new and edit: these components tell the two apart by the record's id.
          audioFile: { components: { edit: components.audioUpload }, isVisible: { list: false, show: false, edit: true, filter: false } },
          title: { isRequired: false, components: { edit: components.uploadTitle } },
          artistIds: { type: 'reference', reference: 'artists', isArray: true, isVisible: { list: false, show: false, edit: true, filter: false }, description: 'In order; on upload, leave empty to take them from the file tags' },
          artists: artistsColumn,
          durationMs: { components: { list: components.duration, show: components.duration } },
        },
        actions: actions({ read: everyone, write: everyone }),
      },
    },
    {
      resource: resource('genres', {
        create: async (actor, p) => (await catalog.createGenre(actor, { name: text(p.name) ?? '' })).id,
        update: async (actor, id, p) => void (await catalog.updateGenre(actor, id, { name: text(p.name) ?? '' })),
        delete: (actor, id) => catalog.deleteGenre(actor, id),
      }, { hidden: ['nameKey'] }),
      options: { id: 'genres', navigation: navigation.catalog, titleProperty: 'name', listProperties: ['name', 'slug', 'createdAt'], editProperties: ['name'], actions: actions({ read: adminsOnly, write: adminsOnly }) },
    },
    {
      // Playlists belong to their owners; the panel shows them read-only. A generated playlist's
      // track list is a long JSON array of ids, not something to read in a form.
      resource: resource('playlists', {}, { hidden: ['generatedTrackIds'] }),
      options: {
        id: 'playlists',
        navigation: navigation.platform,
        titleProperty: 'name',
        listProperties: ['name', 'ownerId', 'visibility', 'kind', 'trackCount', 'createdAt'],
        properties: { ownerId: { type: 'reference', reference: 'users' } },
        actions: actions({ read: adminsOnly, write: never }),
      },
    },
    {
      resource: resource('announcements', {
        create: async (actor, p) => (await announcements.create(actor, { text: text(p.text) ?? '' })).id,
        delete: (actor, id) => announcements.delete(actor, id),
      }),
      options: {
        id: 'announcements',
        navigation: navigation.platform,
        titleProperty: 'text',
        listProperties: ['seq', 'text', 'authorId', 'createdAt'],
        editProperties: ['text'],
        sort: { sortBy: 'seq', direction: 'desc' },
        properties: { text: { type: 'textarea' }, authorId: { type: 'reference', reference: 'users' } },
        actions: actions({ read: adminsOnly, write: never, create: adminsOnly, remove: adminsOnly }),
      },
    },
    {
      resource: resource('recommendation_runs', {}),
      options: {
        id: 'recommendation_runs',
        navigation: navigation.platform,
        listProperties: ['algorithm', 'status', 'startedAt', 'finishedAt'],
        sort: { sortBy: 'startedAt', direction: 'desc' },
        actions: actions({ read: adminsOnly, write: never }),
      },
    },
    {
      // The job's data stays out: a queued mail's text holds its link.
      resource: resource('job_runs', {}, { hidden: ['data', 'singletonKey', 'heartbeatAt', 'runAfter'] }),
      options: {
        id: 'job_runs',
        navigation: navigation.platform,
        listProperties: ['kind', 'status', 'attempts', 'createdAt', 'finishedAt'],
        showProperties: ['id', 'kind', 'status', 'progress', 'result', 'error', 'attempts', 'maxAttempts', 'requestedBy', 'createdAt', 'startedAt', 'finishedAt'],
        filterProperties: ['kind', 'status', 'createdAt'],
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: { requestedBy: { type: 'reference', reference: 'users' } },
        actions: {
          ...actions({ read: adminsOnly, write: never }),
          queueRecommendationRun: {
            actionType: 'resource',
            component: components.confirmAction,
            custom: { question: 'Queue a recommendation run for every user? One runs at a time.', confirm: 'Queue the run' },
            icon: 'Play',
            isAccessible: adminsOnly,
            handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
              if (request.method !== 'post') return {};
              try {
                const { run, created } = await jobs.queueRecommendationRun(panelActor(context.currentAdmin));
                return {
                  notice: { message: created ? 'Recommendation run queued' : `A recommendation run is already ${run.status}: nothing queued`, type: created ? 'success' : 'info' },
                  redirectUrl: context.h.recordActionUrl({ resourceId: 'job_runs', recordId: run.id, actionName: 'show' }),
                };
              } catch (err) {
                const e = toPanelError(err) as { baseError?: { message?: string }; message: string };
                return { notice: { message: e.baseError?.message ?? e.message, type: 'error' } };
              }
            },
          },
        },
      },
    },
  ];
}
