/**
 * Image URLs that work in `<img src>`, which cannot send a bearer header. An image is stored
 * under the sha256 of its bytes, and that hash is its public name: `/api/images/{sha256}.{ext}`.
 * The URL is only handed out (in `coverUrl`, `photoUrl`) to callers who may see the object it
 * belongs to; without the image's exact bytes nobody can compute it, and whoever has them has
 * the image already. Its bytes can never change under it, so it is cached for good.
 */
const NAME = /^([0-9a-f]{64})\.(jpg|png|webp|gif)$/;
const KEY = /^images\/[0-9a-f]{2}\/([0-9a-f]{64}\.(?:jpg|png|webp|gif))$/;

export const IMAGE_URL_PREFIX = '/api/images/';

/** The public URL of a stored image key; null for no key (or one that is not an image). */
export function imageUrl(key: string | null | undefined): string | null {
  const name = key ? KEY.exec(key)?.[1] : undefined;
  return name ? `${IMAGE_URL_PREFIX}${name}` : null;
}

/** The storage key an image URL's last segment names, or null when it names no image. */
export function imageKeyOf(name: string): string | null {
  const m = NAME.exec(name);
  return m ? `images/${m[1]!.slice(0, 2)}/${name}` : null;
}
