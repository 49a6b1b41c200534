/**
 * The nginx layout the README recommends in front of Rhythmo, as text: printed by
 * `rhythmo nginx-config`, and run as is by test/api/media-accel.test.ts and bench:streaming, so
 * the layout that is documented is the one that is tested and measured.
 *
 * Streams never pass their bytes through Node. nginx asks Rhythmo, with an auth_request
 * subrequest, whether this request may have this track; Rhythmo answers with the stored file's
 * internal location (X-Accel-Redirect) and how long that answer may be reused (X-Accel-Expires,
 * STREAM_ACCEL_CACHE_SECONDS, never past the token's or signed URL's expiry). nginx keeps the
 * answer for that long, keyed by the URL and the Authorization header, so a player's range
 * requests after the first are nginx's alone. Refusals are never kept: anything but a yes is
 * sent back to Rhythmo as an ordinary request, which answers with its own problem document.
 */
/** The internal location the README and `rhythmo nginx-config` use (STREAM_ACCEL_REDIRECT). */
export const DEFAULT_ACCEL_PREFIX = '/_protected/media/';

export interface NginxSiteOptions {
  /** Where Rhythmo listens, host:port. */
  upstream: string;
  /** nginx's `listen` parameters, e.g. `80` or `443 ssl`. */
  listen: string;
  serverName: string;
  /** DATA_DIR/media. */
  mediaDir: string;
  /** STREAM_ACCEL_REDIRECT. */
  accelPrefix: string;
  /** proxy_cache_path of the remembered authorisations. */
  cacheDir: string;
  /** MAX_UPLOAD_MB. */
  maxUploadMb: number;
  /** Extra lines for each location that sends files (the benchmark turns features on or off). */
  fileExtras?: string;
}

/** The audio types by stored extension (content keys end with one of these). */
const AUDIO_TYPES = 'audio/mpeg mp3; audio/flac flac; audio/ogg ogg oga; audio/opus opus; audio/mp4 m4a; audio/wav wav;';

const proxyHeaders = `proxy_http_version 1.1; proxy_set_header Connection "";
    proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;`;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The http-level text: an upstream, a cache zone, a map and one server. */
export function nginxSite(o: NginxSiteOptions): string {
  const media = o.mediaDir.replace(/\/+$/, '');
  const files = `sendfile on; tcp_nopush on; open_file_cache max=1000 inactive=60s;
    types { ${AUDIO_TYPES} }
    add_header X-Content-Type-Options nosniff;
    add_header Cross-Origin-Resource-Policy cross-origin;${o.fileExtras ? `\n    ${o.fileExtras}` : ''}`;
  return `upstream rhythmo { server ${o.upstream}; keepalive 64; }

# Stream authorisations, for the few seconds Rhythmo allows (STREAM_ACCEL_CACHE_SECONDS).
proxy_cache_path ${o.cacheDir} levels=1:2 keys_zone=rhythmo_streams:10m max_size=64m inactive=1m use_temp_path=off;

# Only a content key (kind/xx/sha256.ext) is ever looked up under the media folder.
map $rhythmo_media $rhythmo_media_key {
  "~^${escapeRegex(o.accelPrefix)}(?<key>[a-z]+/[0-9a-f]{2}/[0-9a-f]{64}\\.[a-z0-9]+)$" $key;
  default "";
}

server {
  listen ${o.listen};
  server_name ${o.serverName};
  client_max_body_size ${o.maxUploadMb + 1}m;

  location / {
    proxy_pass http://rhythmo;
    ${proxyHeaders}
    proxy_buffering off;  # event streams (announcements)
  }
  location @rhythmo {
    proxy_pass http://rhythmo;
    ${proxyHeaders}
  }

  location ~ ^/api/tracks/[^/]+/stream$ {
    auth_request /_rhythmo/stream-auth;
    auth_request_set $rhythmo_media $upstream_http_x_accel_redirect;
    # A no (401, 403; any other status arrives as 500) goes to Rhythmo for its own answer.
    error_page 401 403 500 = @rhythmo;
    root ${media};
    try_files /$rhythmo_media_key =404;
    add_header Cache-Control "private, max-age=86400";
    ${files}
  }
  location = /_rhythmo/stream-auth {
    internal;
    proxy_pass http://rhythmo$request_uri;
    ${proxyHeaders}
    proxy_pass_request_body off; proxy_set_header Content-Length "";
    proxy_ignore_headers X-Accel-Redirect;
    proxy_cache rhythmo_streams;
    proxy_cache_key "$request_uri $http_authorization";
  }
  # What a hand-over outside the location above (another spelling of the path, a retry through
  # @rhythmo) is sent from. Clients cannot request it.
  location ${o.accelPrefix} {
    internal;
    alias ${media}/;
    ${files}
  }
}
`;
}
