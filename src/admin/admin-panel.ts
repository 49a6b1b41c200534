import path from 'node:path';
import { createHmac } from 'node:crypto';
import express, { type Router } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import type { Container } from '../container.js';
import { DomainError } from '../shared/errors.js';
import { DatabaseSessionStore } from './session-store.js';
import { PANEL_ROLES, panelActor, type PanelUser } from './panel-actor.js';
import { buildResources } from './resources.js';
import { dashboardHandler } from './dashboard.js';
import { apiKeysPageHandler } from './api-keys-page.js';
import { componentsDir, dropStaleBundle } from './component-files.js';
import { PanelUploads } from './panel-uploads.js';
import { sameOriginOnly } from './same-origin.js';
import { panelLocale } from './panel-texts.js';
import { SYSTEM_FONTS, withoutWebFonts } from './without-web-fonts.js';

export const ADMIN_ROOT = '/admin';
const SESSION_HOURS = 8;

/**
 * The panel's policy: AdminJS renders with inline scripts and styles, so it gets its own
 * CSP here while the API keeps `default-src 'none'`.
 */
const panelHelmet = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  // Under helmet's no-referrer, browsers send `Origin: null` even on the panel's own POSTs, which
  // the cross-site check must then refuse; same-origin keeps both headers at home only.
  referrerPolicy: { policy: 'same-origin' },
});

/**
 * The AdminJS panel at /admin, ready for createApp's `beforeBodyParsers`. AdminJS is ESM-only
 * and slow to import, so it is loaded here rather than at module load.
 */
export async function buildAdminPanel(container: Container): Promise<{ path: string; router: Router; ready: Promise<void> }> {
  const [{ default: AdminJS, ComponentLoader }, AdminJSExpress, AdminJSSequelize] = await Promise.all([
    import('adminjs'),
    import('@adminjs/express'),
    import('@adminjs/sequelize'),
  ]);
  AdminJS.registerAdapter({ Resource: AdminJSSequelize.Resource, Database: AdminJSSequelize.Database });
  const { config, services, logger, storage } = container;
  // Uploads wait in the storage's staging folder: on the media's disk, private, swept at start.
  if (!storage.stagingDir) throw new Error('The admin panel needs a storage with a local staging folder for uploads');
  const uploads = new PanelUploads(storage.stagingDir, { maxFileSize: config.maxUploadBytes, maxFieldsSize: 2 * 1024 * 1024 });

  const componentLoader = new ComponentLoader();
  const dir = componentsDir();
  const files = {
    dashboard: 'dashboard.jsx',
    trackPreview: 'track-preview.jsx',
    audioUpload: 'audio-upload.jsx',
    uploadTitle: 'upload-title.jsx',
    duration: 'duration.jsx',
    confirmAction: 'confirm-action.jsx',
    apiKeys: 'api-keys.jsx',
  };
  const components = {
    dashboard: componentLoader.add('RhythmoDashboard', path.join(dir, files.dashboard)),
    trackPreview: componentLoader.add('RhythmoTrackPreview', path.join(dir, files.trackPreview)),
    audioUpload: componentLoader.add('RhythmoAudioUpload', path.join(dir, files.audioUpload)),
    uploadTitle: componentLoader.add('RhythmoUploadTitle', path.join(dir, files.uploadTitle)),
    duration: componentLoader.add('RhythmoDuration', path.join(dir, files.duration)),
    confirmAction: componentLoader.add('RhythmoConfirmAction', path.join(dir, files.confirmAction)),
    apiKeys: componentLoader.add('RhythmoApiKeys', path.join(dir, files.apiKeys)),
  };
  if (config.env !== 'production') dropStaleBundle(process.env.ADMIN_JS_TMP_DIR ?? '.adminjs', Object.values(files).map((f) => path.join(dir, f)));

  const admin = new AdminJS({
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    componentLoader,
    resources: buildResources(container, components, uploads),
    dashboard: { component: components.dashboard, handler: dashboardHandler(container) },
    // Every panel user's own page, whatever the role.
    pages: { apiKeys: { component: components.apiKeys, handler: apiKeysPageHandler(container), icon: 'Key' } },
    // The design system types the theme's `font` as a record; it is one CSS font-family string.
    branding: { companyName: 'Rhythmo', withMadeWithLove: false, logo: false, theme: { font: SYSTEM_FONTS as never } },
    locale: panelLocale,
    settings: { defaultPerPage: 20 },
  });

  const store = new DatabaseSessionStore(container.db, () => container.clock.now());
  const sessionOptions: session.SessionOptions = {
    store,
    name: 'rhythmo.admin',
    // Derived from the JWT secret, so there is no second secret to configure.
    secret: createHmac('sha256', config.jwt.secret).update('admin-session').digest('base64url'),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: ADMIN_ROOT, maxAge: SESSION_HOURS * 3600_000 },
  };

  const router = express.Router();
  router.use(panelHelmet);
  router.use(withoutWebFonts);
  // AdminJS's router adds express-session again; that one sees req.session and steps aside.
  router.use(session(sessionOptions));
  router.use(async (req, res, next) => {
    const current = req.session?.adminUser;
    if (!current) return next();
    // Every request re-reads the account: a ban or a demotion ends the panel session at once.
    try {
      const actor = await services.auth.actorFor(current.id);
      if (actor.kind === 'user' && PANEL_ROLES.includes(actor.role)) {
        current.role = actor.role as PanelUser['role'];
        return next();
      }
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
    }
    req.session.destroy(() => res.redirect(`${ADMIN_ROOT}/login`));
  });
  // Before the parser, so a forged request has nothing written to disk.
  router.use(sameOriginOnly(config.publicUrl));
  router.use(uploads.parser());
  router.use(mediaRoutes(container));

  // The router starts AdminJS's initialisation (in production: bundling the front end) without
  // waiting for it; /readyz waits for it instead, so a load balancer only sends traffic once done.
  let initialised!: () => void;
  const ready = new Promise<void>((resolve) => (initialised = resolve));
  const initialise = admin.initialize.bind(admin);
  admin.initialize = () => initialise().finally(initialised);
  const authenticated = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      cookieName: 'rhythmo.admin',
      cookiePassword: String(sessionOptions.secret),
      authenticate: async (email: string, password: string, context?: { req: express.Request }) => {
        const user = await services.auth.verifyCredentials({ login: email, password }, { ip: context?.req.ip, userAgent: context?.req.get('user-agent') });
        if (!PANEL_ROLES.includes(user.role)) {
          logger.info({ userId: user.id }, 'admin panel sign-in refused for role');
          throw new Error('Only admin and artist accounts can use the panel');
        }
        const panelUser: PanelUser = { id: user.id, email: user.email, title: user.displayName, role: user.role as PanelUser['role'] };
        return panelUser;
      },
    },
    router,
    sessionOptions,
    { maxFileSize: config.maxUploadBytes, maxFieldsSize: 2 * 1024 * 1024, multiples: false },
  );
  return { path: ADMIN_ROOT, router: authenticated, ready };
}

/** Cover and audio for the track page, behind the panel session. */
function mediaRoutes(container: Container): Router {
  const { media } = container.services;
  const r = express.Router();
  r.get('/media/tracks/:trackId/:kind', async (req, res, next) => {
    const user = req.session?.adminUser;
    if (!user) return res.status(401).end();
    try {
      const actor = panelActor(user);
      const trackId = String(req.params.trackId);
      if (req.params.kind === 'audio') {
        // The player gets the same short-lived signed URL the API hands out, with its Range support.
        return res.redirect(302, (await media.createStreamUrl(actor, trackId)).url);
      }
      if (req.params.kind !== 'cover') return res.status(404).end();
      const file = await media.image(actor, { kind: 'track', id: trackId });
      res.set({ 'Content-Type': file.mimeType, 'Content-Length': String(file.sizeBytes), 'Cache-Control': 'private, max-age=300' });
      media.open(file.key).on('error', next).pipe(res);
    } catch (err) {
      if (err instanceof DomainError) return res.status(404).end();
      next(err);
    }
  });
  return r;
}

