import { sendStoredFile, type CoverArt } from '../modules/media/index.js';
import { SENT, type Call, type Handler } from './handler.js';

/**
 * The id names the picture itself (what Rhythmo puts in coverArt) or its owner. The first can be
 * kept for good; an owner may get a new picture, so that answer is kept a day. The URL carries
 * the caller's credentials, so no shared cache keeps either.
 */
async function send({ req, res }: Call, art: CoverArt): Promise<typeof SENT> {
  const cacheControl = art.immutable ? 'private, max-age=31536000, immutable' : 'private, max-age=86400';
  await sendStoredFile(req, res, art.file, art.source, cacheControl);
  return SENT;
}

export const getCoverArt: Handler = async (call) => {
  const { container, actor, params } = call;
  return send(call, await container.services.coverArt.find(actor, params.required('id'), params.int('size')));
};

export const getAvatar: Handler = async (call) => {
  const { container, actor, params } = call;
  return send(call, await container.services.coverArt.avatar(actor, params.required('username'), params.int('size')));
};
