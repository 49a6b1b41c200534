import type { RequestHandler } from 'express';

const WEB_FONTS = /<link[^>]*fonts\.googleapis\.com[^>]*>/g;

/**
 * AdminJS's page templates link Roboto from Google Fonts, which would tell a third party who
 * opens the panel and when. The link is cut from every page the panel sends; the theme names a
 * system font stack instead (see admin-panel.ts).
 */
export const withoutWebFonts: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' ? body.replace(WEB_FONTS, '') : body);
  next();
};

export const SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
