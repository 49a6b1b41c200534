// Generated from openapi/ by bin/openapi-types.js (npm run openapi:types): do not edit.

export interface paths {
    "/api/admin/announcements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post an announcement to every signed-in client (admins only) */
        post: operations["createAnnouncement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/announcements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent announcements, newest first */
        get: operations["listAnnouncements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/announcements/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * New announcements, live, as Server-Sent Events
         * @description `text/event-stream`. Each announcement is one event whose `id` is its `seq` and whose
         *     `data` is the announcement as JSON. A comment line (`: heartbeat`) is sent every 15 s.
         *     A client that reconnects with `Last-Event-ID` (EventSource does this by itself) first
         *     receives what it missed (up to the latest 100), then live events.
         *
         *     Browsers' EventSource cannot send an Authorization header, so this endpoint also
         *     accepts the normal access token as `?access_token=`. Tokens in URLs can end up in
         *     proxy logs: it is accepted here only, and access tokens live 15 minutes.
         */
        get: operations["streamAnnouncements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your API keys, newest first (never the keys themselves)
         * @description At most 20 keys per account, so the list is not paged.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key for a Subsonic app (the key is shown in this answer only)
         * @description The key signs a Subsonic app in at `/rest`: as the OpenSubsonic `apiKey` parameter, or as the
         *     password with your username (`u` + `p`, or `u` + `t` + `s`). Your account password never works there.
         *     Keep the key: it cannot be shown again; delete it and create another if it is lost.
         *     At most 20 keys per account (409 past that).
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/api-keys/{apiKeyId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                apiKeyId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one of your API keys; apps using it are refused from their next request */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a listener account */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with the mailed token (a requested new address becomes the account's) */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a new verification link (answers the same whether or not the address needs one)
         * @description Works without signing in, so an account that may not log in before verifying
         *     (REQUIRE_EMAIL_VERIFICATION) can ask too. Give the account's current address; a pending
         *     change of address is mailed to the new address. Earlier links stop working.
         */
        post: operations["resendEmailVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with email or username */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a refresh token for a new session (the old token is spent)
         * @description Presenting a spent refresh token revokes every token descended from the same login.
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session that holds this refresh token */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password reset token (answers the same whether or not the address exists) */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the mailed token; ends every session */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/genres": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Genres, by name */
        get: operations["listGenres"];
        put?: never;
        /** Create a genre (admins; uploads and artists create genres by name as needed) */
        post: operations["createGenre"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/genres/{genreId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                genreId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a genre (admins); 409 while artists or tracks use it unless cascade=true */
        delete: operations["deleteGenre"];
        options?: never;
        head?: never;
        /** Rename a genre (admins) */
        patch: operations["updateGenre"];
        trace?: never;
    };
    "/api/artists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Artists; with `q`, ranked by relevance unless a sort is given */
        get: operations["listArtists"];
        put?: never;
        /** Create an artist profile (an artist account becomes its manager; admins) */
        post: operations["createArtist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/artists/{artistId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** An artist */
        get: operations["getArtist"];
        put?: never;
        post?: never;
        /**
         * Delete an artist you manage
         * @description 409 while the artist is credited on albums or tracks, unless `cascade=true`: then the
         *     albums and tracks that are the artist's alone are deleted, and the artist's credit is
         *     removed from those shared with other artists. Stored files go after the commit.
         */
        delete: operations["deleteArtist"];
        options?: never;
        head?: never;
        /** Change an artist you manage (admins any) */
        patch: operations["updateArtist"];
        trace?: never;
    };
    "/api/artists/{artistId}/albums": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** Albums the artist is an album artist of, newest release first */
        get: operations["listArtistAlbums"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/artists/{artistId}/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** Tracks crediting the artist (main or featured) */
        get: operations["listArtistTracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/artists/{artistId}/managers/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        /** Let an artist account manage this artist (admins); idempotent */
        put: operations["addArtistManager"];
        post?: never;
        /** Stop an account managing this artist (admins) */
        delete: operations["removeArtistManager"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Albums; with `q`, ranked by relevance unless a sort is given */
        get: operations["listAlbums"];
        put?: never;
        /** Create an album for artists you manage (admins any) */
        post: operations["createAlbum"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{albumId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** An album with its artists and tracks (disc and track order) */
        get: operations["getAlbum"];
        put?: never;
        post?: never;
        /** Delete an album; 409 while it has tracks unless cascade=true (which deletes them too) */
        delete: operations["deleteAlbum"];
        options?: never;
        head?: never;
        /** Change an album of an artist you manage (admins any) */
        patch: operations["updateAlbum"];
        trace?: never;
    };
    "/api/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tracks; with `q`, ranked by relevance unless a sort is given
         * @description Default order is newest first, or disc and track order when `albumId` is given. With `q`
         *     and no `sort`, results are ranked (exact title, then prefix, then all words, then close
         *     spellings) and the cursor pages through at most 500 matches.
         */
        get: operations["listTracks"];
        put?: never;
        /**
         * Upload an audio file as a new track (artists for the artists they manage, admins)
         * @description `multipart/form-data` with one `file` part (required) and optional text fields that win
         *     over the file's tags. The body is streamed to disk, never held in memory; past the size
         *     limit (`MAX_UPLOAD_MB`, default 200) the answer is 413 and nothing is kept.
         *
         *     The type is decided from the bytes, not the name or the part's Content-Type: MP3, FLAC,
         *     Ogg Vorbis, Opus, AAC/M4A and WAV are accepted, anything else is 415; an empty or
         *     truncated file is 400. Duration, codec, bitrate, sample rate and channels are read from
         *     the file; tags fill title, artists (album artist vs track artists, "feat." splits),
         *     album, track and disc number, date and genres; an embedded picture becomes the cover.
         *     The same audio uploaded twice is 409 with `existingTrackId`.
         */
        post: operations["uploadTrack"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** A track, with your own rating and like */
        get: operations["getTrack"];
        put?: never;
        post?: never;
        /** Delete a track of an artist you manage; its files go after the commit */
        delete: operations["deleteTrack"];
        options?: never;
        head?: never;
        /** Change a track of an artist you manage (admins any) */
        patch: operations["updateTrack"];
        trace?: never;
    };
    "/api/artists/{artistId}/follow": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        /** Follow an artist (idempotent) */
        put: operations["followArtist"];
        post?: never;
        /** Stop following an artist (idempotent) */
        delete: operations["unfollowArtist"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/following": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Artists you follow, most recently followed first */
        get: operations["listFollowing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * New albums and tracks from the artists you follow, newest first
         * @description Ordered by when the release was published on Rhythmo (`publishedAt`); the release date
         *     printed on it is inside the album or track. An album stands for its tracks: a track
         *     appears on its own only when its album is not in the feed (a single without an album,
         *     or a followed artist featured on someone else's album).
         */
        get: operations["getFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (the database answers) */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description With METRICS_TOKEN set, only for requests that send it as a bearer token. Without it, open outside production and not served in production (404).
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document (YAML, or JSON with Accept application/json) */
        get: operations["getSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schema/swagger-ui": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Swagger UI for this document */
        get: operations["swaggerUi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendation-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queued, running and past recommendation runs, newest first */
        get: operations["listRecommendationRuns"];
        put?: never;
        /**
         * Queue a recommendation run
         * @description Queues a batch run for the background jobs (a `rhythmo worker`, or `rhythmo serve` unless
         *     started with `--no-jobs`); the answer comes at once, the run's progress and result are read
         *     from `Location`. One run at a time: while a run is queued or running, nothing new is queued
         *     and the answer is 409 with that run's id in `existingRunId`.
         */
        post: operations["queueRecommendationRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendation-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recommendation run's status, progress and result */
        get: operations["getRecommendationRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/liked-tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tracks you liked, newest first */
        get: operations["listLikedTracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/liked-tracks/{trackId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        get?: never;
        /** Like a track (idempotent; liking again keeps the first date) */
        put: operations["likeTrack"];
        post?: never;
        /** Remove a like (idempotent) */
        delete: operations["unlikeTrack"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/saved-albums": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Albums you saved, newest first */
        get: operations["listSavedAlbums"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/saved-albums/{albumId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        /** Save an album (idempotent) */
        put: operations["saveAlbum"];
        post?: never;
        /** Remove a saved album (idempotent) */
        delete: operations["unsaveAlbum"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        get?: never;
        /** Set your score for a track (1..5); setting it again changes it */
        put: operations["rateTrack"];
        post?: never;
        /** Remove your score (idempotent) */
        delete: operations["unrateTrack"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /**
         * The track's audio bytes (Range, ETag, conditional GET)
         * @description Authenticated with a bearer token, or without one through a signed URL from
         *     `POST /api/tracks/{trackId}/stream-url` (the `u`, `expires` and `sig` parameters).
         *     One byte range gives 206 with `Content-Range`; a range that starts past the end gives
         *     416 with `Content-Range: bytes *\/size`; several ranges are merged, and if they leave
         *     gaps the whole file is sent with 200, so a response never holds more bytes than the file.
         *     `If-None-Match` / `If-Modified-Since` give 304; `If-Range` drops a stale range.
         *     Deployed behind nginx with `STREAM_ACCEL_REDIRECT`, nginx sends the bytes (same answers,
         *     its own `ETag` format); clients see no difference.
         *
         *     `format` and `bitrate` ask for an encode (ffmpeg); the stored file is sent untouched when
         *     it already fits, or when ffmpeg is not installed. A finished encode is served from the
         *     transcode cache like a stored file (ranges, ETag). The first play streams while ffmpeg
         *     writes it: 200, `Accept-Ranges: none`, no `Content-Length`, the estimate in
         *     `X-Estimated-Content-Length`. `X-Content-Duration` gives the seconds either plays. Past
         *     `TRANSCODE_MAX_CONCURRENT` encodes the answer is 503 with `Retry-After`.
         */
        get: operations["streamTrack"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /** The headers of the track's audio without the bytes */
        head: operations["headTrackStream"];
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/stream-url": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signed, expiring URL that streams the track without a bearer header (for `<audio src>`)
         * @description With `format` and/or `bitrate`, the URL streams that encode and only that one (they are signed).
         */
        post: operations["createStreamUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/images/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The image's sha256 and extension, as `coverUrl`/`photoUrl` give it. */
                name: string;
            };
            cookie?: never;
        };
        /**
         * An image by its content (the URL in `coverUrl`/`photoUrl`), usable in `<img src>`
         * @description No bearer header is needed: `<img>` cannot send one. The name is the sha256 of the
         *     image's bytes, handed out only with objects the caller may see (a private playlist's
         *     cover only to its owner); it cannot be derived without the bytes themselves. The bytes
         *     behind a name never change, so the answer is `Cache-Control: public, max-age=31536000,
         *     immutable` and may be kept by any cache or CDN. A name that no stored image has is 404
         *     (an image that no object uses any more is deleted).
         */
        get: operations["getImage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/artists/{artistId}/photo": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /**
         * The artist's photo
         * @description With a bearer header; `photoUrl` (`GET /api/images/{name}`) needs none.
         */
        get: operations["getArtistPhoto"];
        /** Replace the artist's photo (its managers and admins) */
        put: operations["putArtistPhoto"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{albumId}/cover": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** The album's cover */
        get: operations["getAlbumCover"];
        /** Replace the album's cover (managers of its artists and admins) */
        put: operations["putAlbumCover"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/cover": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** The track's own cover, else its album's */
        get: operations["getTrackCover"];
        /** Replace the track's own cover (managers of its artists and admins) */
        put: operations["putTrackCover"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playlists/{playlistId}/cover": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** The playlist's cover (whoever can see the playlist) */
        get: operations["getPlaylistCover"];
        /** Replace the cover of your own playlist */
        put: operations["putPlaylistCover"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/playlists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your playlists, newest first (generated mixes included, marked by kind) */
        get: operations["listMyPlaylists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}/playlists": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** A user's public playlists, newest first */
        get: operations["listUserPlaylists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playlists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a playlist (private unless you say public) */
        post: operations["createPlaylist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playlists/{playlistId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        /** A playlist you own, or any public one (private ones are 404 to everyone but the owner and admins) */
        get: operations["getPlaylist"];
        put?: never;
        post?: never;
        /** Delete your playlist (admins may delete any) */
        delete: operations["deletePlaylist"];
        options?: never;
        head?: never;
        /**
         * Rename, describe or change the visibility of your playlist
         * @description Only the owner may change a playlist; for anyone else it is 404. Generated playlists answer 409.
         */
        patch: operations["updatePlaylist"];
        trace?: never;
    };
    "/api/playlists/{playlistId}/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        /** The playlist's entries in order */
        get: operations["listPlaylistEntries"];
        put?: never;
        /**
         * Insert tracks, in order, at a position (the end by default)
         * @description The same track may be added more than once. Entries from `position` on move down.
         *     A playlist holds at most 10,000 entries (409 past it); unknown track ids are 400,
         *     naming `trackIds[i]`; generated playlists are 409.
         */
        post: operations["addPlaylistTracks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playlists/{playlistId}/tracks/move": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move one entry to another position; the entries in between close up */
        post: operations["movePlaylistEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playlists/{playlistId}/tracks/{entryId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
                entryId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one entry; the entries after it move up */
        delete: operations["removePlaylistEntry"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/plays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a batch of plays (idempotent per clientPlayId)
         * @description Up to 500 play events. The batch is checked as a whole: an unknown track, a `msPlayed`
         *     longer than the track (plus 10 s) or a `startedAt` more than 5 minutes in the future
         *     rejects it with 400 naming `plays[i].field`, and nothing is stored. Otherwise each
         *     event whose `clientPlayId` you already reported is skipped and counted in `duplicates`,
         *     so a batch whose answer was lost can simply be sent again. `completed` is derived:
         *     90 % of the track played, or to within 5 s of its end.
         */
        post: operations["recordPlays"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What you played, most recent first */
        get: operations["listHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your recommended tracks, best first
         * @description Computed by the last batch run (`rhythmo recommend run`), each with a score and a reason.
         *     When that run did not cover you (a new account), popular tracks stand in.
         *     Tracks you rated 1 or 2 are never recommended.
         */
        get: operations["getMyRecommendations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/mixes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your personalised playlists ("Daily Mix", "Discover Weekly")
         * @description Generated playlists (kind `generated`); read their tracks through `/api/playlists/{playlistId}/tracks`.
         */
        get: operations["getMyMixes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tracks most like this one
         * @description Item-to-item similarity from the last batch run; tracks of the same genres when the run had none for this track.
         */
        get: operations["getSimilarTracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ranked search across tracks, albums, artists and public playlists
         * @description Case- and accent-insensitive in every script ("seance" finds "Séance", "северный" finds
         *     "Северный ветер"), prefix on the last word, and tolerant of typos ("Dwan Chrous" finds
         *     "Dawn Chorus"). Within each kind an exact title comes first, then titles starting with
         *     the query, then titles containing all its words, then close spellings.
         */
        get: operations["search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/artists/{artistId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listening statistics of an artist (its managers and admins)
         * @description Plays of every track the artist appears on (main or featured) in `[from, to)`, bucketed
         *     by `interval` in UTC (weeks start on Monday). `followers`, `averageRating` and
         *     `ratingCount` are current values, not limited to the range. Anyone who does not manage
         *     the artist gets 404.
         */
        get: operations["getArtistStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tracks/{trackId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listening statistics of one track (managers of its artists and admins)
         * @description Same shape as the artist statistics; `followers` counts the distinct followers of the track's artists.
         */
        get: operations["getTrackStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform-wide statistics (admins only) */
        get: operations["getPlatformStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change your display name, username or email (a new email becomes pendingEmail, and the account's email once its mailed link is opened) */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; every other session is ended */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users, newest first */
        get: operations["adminListUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role or status (banning ends their sessions) */
        patch: operations["adminUpdateUser"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Format: uuid */
        Uuid: string;
        /** @description Pass as `cursor` to get the next page; null on the last page. */
        NextCursor: string | null;
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            requestId?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        Announcement: {
            id: components["schemas"]["Uuid"];
            /** @description Increases with every announcement; the event id in the stream. */
            seq: number;
            text: string;
            authorId: components["schemas"]["Uuid"] | null;
            /** Format: date-time */
            createdAt: string;
        };
        ApiKey: {
            id: components["schemas"]["Uuid"];
            name: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When an app last signed in with it, to the minute; null if never.
             */
            lastUsedAt: string | null;
        };
        CreatedApiKey: {
            id: components["schemas"]["Uuid"];
            name: string;
            /** @description The key itself: `rhy_` and 43 more characters. */
            key: string;
            /** Format: date-time */
            createdAt: string;
        };
        User: {
            id: components["schemas"]["Uuid"];
            email: string;
            username: string;
            displayName: string;
            /** @enum {string} */
            role: "listener" | "artist" | "admin";
            emailVerified: boolean;
            /** @description Present while a requested new address waits for its link to be opened */
            pendingEmail?: string;
            /** Format: date-time */
            createdAt: string;
        };
        Session: {
            accessToken: string;
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Seconds until the access token expires */
            expiresIn: number;
            user: components["schemas"]["User"];
        };
        RefreshTokenBody: {
            refreshToken: string;
        };
        /** @description Genre names; unknown ones are created. Matched case- and accent-insensitively. */
        GenreNames: string[];
        GenreInput: {
            name: string;
        };
        Genre: {
            id: components["schemas"]["Uuid"];
            name: string;
            slug: string;
        };
        GenrePage: {
            items: components["schemas"]["Genre"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        TrackArtist: {
            id: components["schemas"]["Uuid"];
            name: string;
            /** @enum {string} */
            role: "main" | "featured";
        };
        ArtistRef: {
            id: components["schemas"]["Uuid"];
            name: string;
        };
        Track: {
            id: components["schemas"]["Uuid"];
            title: string;
            durationMs: number;
            /** @description Main artists first, then featured, in credit order. */
            artists: components["schemas"]["TrackArtist"][];
            album: null | {
                id: components["schemas"]["Uuid"];
                title: string;
            };
            genres: components["schemas"]["Genre"][];
            trackNumber: number | null;
            discNumber: number | null;
            /** Format: date */
            releaseDate: string | null;
            /** @description The track's cover, or its album's; null when neither has one. */
            coverUrl: components["schemas"]["MediaImageUrl"];
            audio: {
                mimeType: string;
                codec: string | null;
                /** @description bits per second */
                bitrate: number | null;
                sizeBytes: number;
                sampleRate: number | null;
                channels: number | null;
            };
            rating: {
                average: number | null;
                count: number;
                mine: number | null;
            };
            liked: boolean;
            /** @description Plays by everyone that count as listens (at least half the track or 4 minutes, and 30 s of a longer track; configurable). Skips are kept in listening history but not counted. */
            playCount: number;
            /** Format: date-time */
            createdAt: string;
        };
        TrackPage: {
            items: components["schemas"]["Track"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        Artist: {
            id: components["schemas"]["Uuid"];
            name: string;
            slug: string;
            bio: string | null;
            photoUrl: components["schemas"]["MediaImageUrl"];
            genres: components["schemas"]["Genre"][];
            followerCount: number;
            following: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        ArtistPage: {
            items: components["schemas"]["Artist"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        AlbumSummary: {
            id: components["schemas"]["Uuid"];
            title: string;
            /** @enum {string} */
            type: "album" | "single" | "ep" | "compilation";
            /** Format: date */
            releaseDate: string | null;
            coverUrl: components["schemas"]["MediaImageUrl"];
            artists: components["schemas"]["ArtistRef"][];
            saved: boolean;
            trackCount: number;
            durationMs: number;
            /** @description Counted plays of the album's tracks (see Track.playCount). */
            playCount: number;
        };
        Album: {
            id: components["schemas"]["Uuid"];
            title: string;
            /** @enum {string} */
            type: "album" | "single" | "ep" | "compilation";
            /** Format: date */
            releaseDate: string | null;
            coverUrl: components["schemas"]["MediaImageUrl"];
            artists: components["schemas"]["ArtistRef"][];
            saved: boolean;
            trackCount: number;
            durationMs: number;
            /** @description Counted plays of the album's tracks (see Track.playCount). */
            playCount: number;
            /** Format: date-time */
            createdAt: string;
            tracks: components["schemas"]["Track"][];
        };
        AlbumPage: {
            items: components["schemas"]["AlbumSummary"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        /** @description `album` is set when type is album, `track` when type is track. */
        FeedItem: {
            /** @enum {string} */
            type: "album" | "track";
            /** Format: date-time */
            publishedAt: string;
            album?: components["schemas"]["AlbumSummary"];
            track?: components["schemas"]["Track"];
        };
        RecommendationJob: {
            id: components["schemas"]["Uuid"];
            /**
             * @description `queued` also while waiting for a retry; `interrupted`: the process running it stopped.
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed" | "interrupted";
            /** @enum {string} */
            model: "knn" | "als" | "hybrid";
            /** @description Recommendations kept per user; null is the default (100). */
            top: number | null;
            /** @description The phase running and how far it is, e.g. {"phase": "score", "done": 4000, "total": 10000}. */
            progress: Record<string, never> | null;
            /** @description Once succeeded: the run summary (`id` of the stored run, `counts`, `timings`, `metrics`). */
            result: Record<string, never> | null;
            /** @description Why the last attempt failed. */
            error: string | null;
            attempts: number;
            /**
             * Format: uuid
             * @description The admin who queued it; null for the schedule or the CLI.
             */
            requestedBy: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            finishedAt: string | null;
        };
        TrackRatingSummary: {
            /** @description Mean score, two decimals; null while unrated. */
            average: number | null;
            count: number;
            mine: number | null;
        };
        /**
         * @description `/api/images/{sha256}.{ext}`: works without a bearer header (in `<img src>`) and is cached
         *     for good; a new picture gets a new URL. Null when there is none.
         */
        MediaImageUrl: string | null;
        MediaImageInfo: {
            /** @description The image URL (`/api/images/...`), as `coverUrl`/`photoUrl` will give it. */
            url: string;
            /** @enum {string} */
            mimeType: "image/jpeg" | "image/png" | "image/webp" | "image/gif";
            sizeBytes: number;
        };
        MediaDuplicateProblem: components["schemas"]["Problem"] & {
            existingTrackId: components["schemas"]["Uuid"];
        };
        Playlist: {
            id: components["schemas"]["Uuid"];
            name: string;
            description: string | null;
            /** @enum {string} */
            visibility: "private" | "public";
            /**
             * @description `generated` playlists are made by the recommendation run and cannot be edited by hand (409).
             * @enum {string}
             */
            kind: "user" | "generated";
            owner: {
                id: components["schemas"]["Uuid"];
                username: string;
                displayName: string;
            };
            trackCount: number;
            durationMs: number;
            coverUrl: components["schemas"]["MediaImageUrl"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PlaylistPage: {
            items: components["schemas"]["Playlist"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        PlaylistEntry: {
            entryId: components["schemas"]["Uuid"];
            /** @description 0-based and dense. */
            position: number;
            /** Format: date-time */
            addedAt: string;
            track: components["schemas"]["Track"];
        };
        PlayEvent: {
            /** @description Chosen by the client, unique per user. */
            clientPlayId: string;
            trackId: components["schemas"]["Uuid"];
            /** Format: date-time */
            startedAt: string;
            msPlayed: number;
            /** @description Where the play started, e.g. playlist, album, search, recommendation. */
            source?: string;
        };
        HistoryItem: {
            playId: components["schemas"]["Uuid"];
            clientPlayId: string;
            /** Format: date-time */
            startedAt: string;
            msPlayed: number;
            completed: boolean;
            source: string | null;
            track: components["schemas"]["Track"];
        };
        RecommendationPage: {
            items: {
                track: components["schemas"]["Track"];
                score: number;
                /**
                 * @example Because you played Night River
                 * @example New from Neon Echo, an artist you follow
                 * @example Popular in Jazz
                 */
                reason: string;
            }[];
            nextCursor: components["schemas"]["NextCursor"];
            /** Format: date-time */
            generatedAt: string;
        };
        /** @description A public playlist as search shows it; the full shape is `Playlist`. */
        PlaylistSummary: {
            id: components["schemas"]["Uuid"];
            name: string;
            owner: {
                id: components["schemas"]["Uuid"];
                username: string;
                displayName: string;
            };
            trackCount: number;
        };
        SearchResults: {
            tracks: {
                items: components["schemas"]["Track"][];
            };
            albums: {
                items: components["schemas"]["AlbumSummary"][];
            };
            artists: {
                items: components["schemas"]["Artist"][];
            };
            playlists: {
                items: components["schemas"]["PlaylistSummary"][];
            };
        };
        Stats: {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /** @enum {string} */
            interval: "day" | "week" | "month";
            totals: {
                plays: number;
                uniqueListeners: number;
                /** @description Time played in milliseconds. */
                msPlayed: number;
                completedPlays: number;
                /** @description Share of plays listened to the end (0..1); null without plays. */
                completionRate: number | null;
                followers: number;
                averageRating: number | null;
                ratingCount: number;
            };
            /** @description One entry per bucket from the one holding `from`, zeros included. */
            series: {
                /** Format: date-time */
                start: string;
                plays: number;
                uniqueListeners: number;
                msPlayed: number;
                newFollowers: number;
            }[];
            /** @description The ten most played tracks in the range. */
            topTracks: {
                trackId: components["schemas"]["Uuid"];
                title: string;
                plays: number;
                uniqueListeners: number;
                msPlayed: number;
            }[];
        };
        AdminUser: {
            id: components["schemas"]["Uuid"];
            email: string;
            username: string;
            displayName: string;
            /** @enum {string} */
            role: "listener" | "artist" | "admin";
            emailVerified: boolean;
            pendingEmail?: string;
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            status: "active" | "banned";
            /** Format: date-time */
            updatedAt: string;
        };
    };
    responses: {
        /** @description Done. */
        NoContent: {
            headers: {
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The input is invalid; nothing was written. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid access token. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Your role may not do this kind of action. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not found, or not visible to you. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Conflicts with the current state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limited; see the Retry-After header. */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The database is unreachable or did not answer in time; try again after Retry-After. A write answered this way was not made, unless the database stalled after receiving it (it may then be made when the database resumes). */
        Unavailable: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The image bytes, with `ETag` and `Cache-Control`. */
        MediaImage: {
            headers: {
                ETag?: string;
                "Cache-Control"?: string;
                [name: string]: unknown;
            };
            content: {
                "image/*": string;
            };
        };
        /** @description The body is larger than the limit; nothing was kept. */
        MediaTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The content is not a type we accept (decided from the bytes). */
        MediaUnsupported: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description Page size. */
        Limit: number;
        /** @description Opaque cursor from the previous page's `nextCursor`. */
        Cursor: string;
        /** @description Search text (accent- and case-insensitive, prefix on the last word, tolerant of typos). */
        CatalogQ: string;
        /** @description A genre slug, name or id. */
        CatalogGenre: string;
        /** @description Also delete what still depends on it. */
        CatalogCascade: boolean;
        /** @description `album` is disc then track number. */
        CatalogTrackSort: "title" | "-title" | "createdAt" | "-createdAt" | "releaseDate" | "-releaseDate" | "album";
        CatalogAlbumSort: "title" | "-title" | "createdAt" | "-createdAt" | "releaseDate" | "-releaseDate";
        LibraryTrackId: components["schemas"]["Uuid"];
        /** @description Signed-URL user (from stream-url). */
        MediaSignedUser: components["schemas"]["Uuid"];
        /** @description Signed-URL expiry, Unix seconds. */
        MediaSignedExpires: number;
        /** @description Signed-URL signature. */
        MediaSignature: string;
        /**
         * @description The encoding to stream: `mp3` (audio/mpeg), `opus` and `ogg` (Opus and Vorbis in Ogg,
         *     audio/ogg), `aac` (ADTS, audio/aac), or `raw` for the stored file as it is. A signed
         *     URL carries the format it was made for.
         */
        MediaStreamFormat: "mp3" | "opus" | "ogg" | "aac" | "raw";
        /** @description The highest bitrate to stream, in kbps. Without `format`, the original is sent when it is within it. */
        MediaStreamBitrate: number;
        /** @description Cache buster carried by earlier `coverUrl`s; ignored by the server. */
        MediaImageVersion: string;
        PlaylistId: components["schemas"]["Uuid"];
        /** @description Start of the range (inclusive), ISO 8601 date or date-time; default depends on the interval (30 days, 26 weeks, 12 months before `to`). */
        StatsFrom: string;
        /** @description End of the range (exclusive), ISO 8601 date or date-time; default now. At most 3 years by day, 10 by week, 30 by month. */
        StatsTo: string;
        StatsInterval: "day" | "week" | "month";
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createAnnouncement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Posted, and pushed to every open stream. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Announcement"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAnnouncements: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of announcements. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Announcement"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamAnnouncements: {
        parameters: {
            query?: {
                /** @description The access token, for clients that cannot set headers. */
                access_token?: string;
                /** @description Same as the `Last-Event-ID` header, for clients that cannot set it. */
                lastEventId?: string;
            };
            header?: {
                /** @description The `id` of the last event received; the stream starts with what came after it. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your keys. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiKey"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description What the key is for: an app or a device. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created; `key` is in this answer only. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                apiKeyId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    username: string;
                    password: string;
                    displayName?: string;
                };
            };
        };
        responses: {
            /** @description Created. A verification token was mailed. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["User"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    resendEmailVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Email or username */
                    login: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description A new session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshTokenBody"];
            };
        };
        responses: {
            /** @description A rotated session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshTokenBody"];
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    listGenres: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of genres. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenrePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    createGenre: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenreInput"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Genre"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteGenre: {
        parameters: {
            query?: {
                /** @description Also delete what still depends on it. */
                cascade?: components["parameters"]["CatalogCascade"];
            };
            header?: never;
            path: {
                genreId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateGenre: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                genreId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenreInput"];
            };
        };
        responses: {
            /** @description Renamed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Genre"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    listArtists: {
        parameters: {
            query?: {
                /** @description Search text (accent- and case-insensitive, prefix on the last word, tolerant of typos). */
                q?: components["parameters"]["CatalogQ"];
                /** @description A genre slug, name or id. */
                genre?: components["parameters"]["CatalogGenre"];
                /** @description Default `name`; with `q` and no sort, relevance. */
                sort?: "name" | "-name" | "createdAt" | "-createdAt";
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of artists. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtistPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    createArtist: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    bio?: string | null;
                    genres?: components["schemas"]["GenreNames"];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artist"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    getArtist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The artist. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artist"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteArtist: {
        parameters: {
            query?: {
                /** @description Also delete what still depends on it. */
                cascade?: components["parameters"]["CatalogCascade"];
            };
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateArtist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    bio?: string | null;
                    genres?: components["schemas"]["GenreNames"];
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artist"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    listArtistAlbums: {
        parameters: {
            query?: {
                sort?: components["parameters"]["CatalogAlbumSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of albums. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlbumPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listArtistTracks: {
        parameters: {
            query?: {
                /** @description `album` is disc then track number. */
                sort?: components["parameters"]["CatalogTrackSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tracks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    addArtistManager: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    removeArtistManager: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listAlbums: {
        parameters: {
            query?: {
                /** @description Search text (accent- and case-insensitive, prefix on the last word, tolerant of typos). */
                q?: components["parameters"]["CatalogQ"];
                artistId?: components["schemas"]["Uuid"];
                sort?: components["parameters"]["CatalogAlbumSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of albums. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlbumPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    createAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    /** @enum {string} */
                    type?: "album" | "single" | "ep" | "compilation";
                    /** Format: date */
                    releaseDate?: string | null;
                    /** @description Album artists in order. */
                    artistIds: components["schemas"]["Uuid"][];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The album. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteAlbum: {
        parameters: {
            query?: {
                /** @description Also delete what still depends on it. */
                cascade?: components["parameters"]["CatalogCascade"];
            };
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @enum {string} */
                    type?: "album" | "single" | "ep" | "compilation";
                    /** Format: date */
                    releaseDate?: string | null;
                    artistIds?: components["schemas"]["Uuid"][];
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listTracks: {
        parameters: {
            query?: {
                /** @description Search text (accent- and case-insensitive, prefix on the last word, tolerant of typos). */
                q?: components["parameters"]["CatalogQ"];
                /** @description A genre slug, name or id. */
                genre?: components["parameters"]["CatalogGenre"];
                artistId?: components["schemas"]["Uuid"];
                albumId?: components["schemas"]["Uuid"];
                /** @description `album` is disc then track number. */
                sort?: components["parameters"]["CatalogTrackSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tracks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    uploadTrack: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The audio file (required).
                     */
                    file?: string;
                    title?: string;
                    /** @description Artist ids, comma-separated or the field repeated; main artist first. */
                    artistIds?: string;
                    /** @description An album id; empty for no album. */
                    albumId?: string;
                    /** @description Genre names, comma-separated or the field repeated. */
                    genres?: string;
                    trackNumber?: string;
                    discNumber?: string;
                    /** @description YYYY or YYYY-MM-DD. */
                    releaseDate?: string;
                };
            };
        };
        responses: {
            /** @description The new track. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Track"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The same audio is already in the catalog. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["MediaDuplicateProblem"];
                };
            };
            413: components["responses"]["MediaTooLarge"];
            415: components["responses"]["MediaUnsupported"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The track. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Track"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @description Credits in order; at least one main artist. */
                    artists?: {
                        id: components["schemas"]["Uuid"];
                        /** @enum {string} */
                        role: "main" | "featured";
                    }[];
                    albumId?: components["schemas"]["Uuid"] | null;
                    genres?: components["schemas"]["GenreNames"];
                    trackNumber?: number | null;
                    discNumber?: number | null;
                    /** Format: date */
                    releaseDate?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Track"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    followArtist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    unfollowArtist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listFollowing: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of followed artists. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            followedAt: string;
                            artist: components["schemas"]["Artist"];
                        }[];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getFeed: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the feed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["FeedItem"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready";
                    };
                };
            };
            /** @description Not ready (still starting, or the database did not answer within 2 seconds). */
            503: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics in the Prometheus text format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description METRICS_TOKEN is set and the request does not send it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description In production without METRICS_TOKEN, metrics are not served. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSchema: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    swaggerUi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description To the same path with a trailing slash, where the page's relative asset links resolve. */
            301: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listRecommendationRuns: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["RecommendationJob"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    queueRecommendationRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @default hybrid
                     * @enum {string}
                     */
                    model?: "knn" | "als" | "hybrid";
                    /**
                     * @description Recommendations kept per user.
                     * @default 100
                     */
                    top?: number;
                };
            };
        };
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    /** @description The run's address, to poll for its status. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description A run is already queued or running; `existingRunId` names it. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"] & {
                        existingRunId: components["schemas"]["Uuid"];
                    };
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    getRecommendationRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listLikedTracks: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of liked tracks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            likedAt: string;
                            track: components["schemas"]["Track"];
                        }[];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    likeTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    unlikeTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listSavedAlbums: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of saved albums. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            savedAt: string;
                            album: components["schemas"]["AlbumSummary"];
                        }[];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    saveAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    unsaveAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    rateTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    score: number;
                };
            };
        };
        responses: {
            /** @description The track's rating after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackRatingSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    unrateTrack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["parameters"]["LibraryTrackId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamTrack: {
        parameters: {
            query?: {
                /**
                 * @description The encoding to stream: `mp3` (audio/mpeg), `opus` and `ogg` (Opus and Vorbis in Ogg,
                 *     audio/ogg), `aac` (ADTS, audio/aac), or `raw` for the stored file as it is. A signed
                 *     URL carries the format it was made for.
                 */
                format?: components["parameters"]["MediaStreamFormat"];
                /** @description The highest bitrate to stream, in kbps. Without `format`, the original is sent when it is within it. */
                bitrate?: components["parameters"]["MediaStreamBitrate"];
                /** @description Signed-URL user (from stream-url). */
                u?: components["parameters"]["MediaSignedUser"];
                /** @description Signed-URL expiry, Unix seconds. */
                expires?: components["parameters"]["MediaSignedExpires"];
                /** @description Signed-URL signature. */
                sig?: components["parameters"]["MediaSignature"];
            };
            header?: {
                Range?: string;
                "If-Range"?: string;
                "If-None-Match"?: string;
            };
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file (or the whole encode). */
            200: {
                headers: {
                    /** @description `none` while an encode is being written. */
                    "Accept-Ranges"?: "bytes" | "none";
                    /** @description The sha256 of the content, quoted (of the original, and encoding and bitrate, for an encode). */
                    ETag?: string;
                    "Last-Modified"?: string;
                    "Content-Length"?: number;
                    /** @description Seconds of audio, for an encode. */
                    "X-Content-Duration"?: string;
                    /** @description Bytes an encode being written is expected to have. */
                    "X-Estimated-Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description The requested byte range. */
            206: {
                headers: {
                    /** @description bytes start-end/size */
                    "Content-Range"?: string;
                    "Accept-Ranges"?: "bytes";
                    ETag?: string;
                    "Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description With the media in an object store and S3_PRESIGNED_REDIRECT set: the bytes are at the presigned URL in Location, which answers ranges itself and stops working after S3_PRESIGNED_TTL_SECONDS. Players follow it like any redirect. */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not modified since the validator you sent. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            /** @description No requested range overlaps the file. */
            416: {
                headers: {
                    /** @description bytes *\/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    headTrackStream: {
        parameters: {
            query?: {
                /**
                 * @description The encoding to stream: `mp3` (audio/mpeg), `opus` and `ogg` (Opus and Vorbis in Ogg,
                 *     audio/ogg), `aac` (ADTS, audio/aac), or `raw` for the stored file as it is. A signed
                 *     URL carries the format it was made for.
                 */
                format?: components["parameters"]["MediaStreamFormat"];
                /** @description The highest bitrate to stream, in kbps. Without `format`, the original is sent when it is within it. */
                bitrate?: components["parameters"]["MediaStreamBitrate"];
                /** @description Signed-URL user (from stream-url). */
                u?: components["parameters"]["MediaSignedUser"];
                /** @description Signed-URL expiry, Unix seconds. */
                expires?: components["parameters"]["MediaSignedExpires"];
                /** @description Signed-URL signature. */
                sig?: components["parameters"]["MediaSignature"];
            };
            header?: {
                Range?: string;
                "If-Range"?: string;
                "If-None-Match"?: string;
            };
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file (or the whole encode). */
            200: {
                headers: {
                    /** @description `none` while an encode is being written. */
                    "Accept-Ranges"?: "bytes" | "none";
                    /** @description The sha256 of the content, quoted (of the original, and encoding and bitrate, for an encode). */
                    ETag?: string;
                    "Last-Modified"?: string;
                    "Content-Length"?: number;
                    /** @description Seconds of audio, for an encode. */
                    "X-Content-Duration"?: string;
                    /** @description Bytes an encode being written is expected to have. */
                    "X-Estimated-Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description The requested byte range. */
            206: {
                headers: {
                    /** @description bytes start-end/size */
                    "Content-Range"?: string;
                    "Accept-Ranges"?: "bytes";
                    ETag?: string;
                    "Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description With the media in an object store and S3_PRESIGNED_REDIRECT set: the bytes are at the presigned URL in Location, which answers ranges itself and stops working after S3_PRESIGNED_TTL_SECONDS. Players follow it like any redirect. */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not modified since the validator you sent. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            /** @description No requested range overlaps the file. */
            416: {
                headers: {
                    /** @description bytes *\/size */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    createStreamUrl: {
        parameters: {
            query?: {
                /**
                 * @description The encoding to stream: `mp3` (audio/mpeg), `opus` and `ogg` (Opus and Vorbis in Ogg,
                 *     audio/ogg), `aac` (ADTS, audio/aac), or `raw` for the stored file as it is. A signed
                 *     URL carries the format it was made for.
                 */
                format?: components["parameters"]["MediaStreamFormat"];
                /** @description The highest bitrate to stream, in kbps. Without `format`, the original is sent when it is within it. */
                bitrate?: components["parameters"]["MediaStreamBitrate"];
            };
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The URL (relative to the API's origin) and when it stops working. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getImage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The image's sha256 and extension, as `coverUrl`/`photoUrl` give it. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["MediaImage"];
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getArtistPhoto: {
        parameters: {
            query?: {
                /** @description Cache buster carried by earlier `coverUrl`s; ignored by the server. */
                v?: components["parameters"]["MediaImageVersion"];
            };
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["MediaImage"];
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putArtistPhoto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** @description The raw image (JPEG, PNG, WebP or GIF, checked by content; `MAX_IMAGE_MB`, default 10). */
        requestBody: {
            content: {
                "image/jpeg": unknown;
                "image/png": unknown;
                "image/webp": unknown;
                "image/gif": unknown;
                "application/octet-stream": unknown;
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaImageInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["MediaTooLarge"];
            415: components["responses"]["MediaUnsupported"];
            503: components["responses"]["Unavailable"];
        };
    };
    getAlbumCover: {
        parameters: {
            query?: {
                /** @description Cache buster carried by earlier `coverUrl`s; ignored by the server. */
                v?: components["parameters"]["MediaImageVersion"];
            };
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["MediaImage"];
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putAlbumCover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** @description The raw image (JPEG, PNG, WebP or GIF, checked by content; `MAX_IMAGE_MB`, default 10). */
        requestBody: {
            content: {
                "image/jpeg": unknown;
                "image/png": unknown;
                "image/webp": unknown;
                "image/gif": unknown;
                "application/octet-stream": unknown;
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaImageInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["MediaTooLarge"];
            415: components["responses"]["MediaUnsupported"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTrackCover: {
        parameters: {
            query?: {
                /** @description Cache buster carried by earlier `coverUrl`s; ignored by the server. */
                v?: components["parameters"]["MediaImageVersion"];
            };
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["MediaImage"];
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putTrackCover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** @description The raw image (JPEG, PNG, WebP or GIF, checked by content; `MAX_IMAGE_MB`, default 10). */
        requestBody: {
            content: {
                "image/jpeg": unknown;
                "image/png": unknown;
                "image/webp": unknown;
                "image/gif": unknown;
                "application/octet-stream": unknown;
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaImageInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["MediaTooLarge"];
            415: components["responses"]["MediaUnsupported"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPlaylistCover: {
        parameters: {
            query?: {
                /** @description Cache buster carried by earlier `coverUrl`s; ignored by the server. */
                v?: components["parameters"]["MediaImageVersion"];
            };
            header?: never;
            path: {
                playlistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["MediaImage"];
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putPlaylistCover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        /** @description The raw image (JPEG, PNG, WebP or GIF, checked by content; `MAX_IMAGE_MB`, default 10). */
        requestBody: {
            content: {
                "image/jpeg": unknown;
                "image/png": unknown;
                "image/webp": unknown;
                "image/gif": unknown;
                "application/octet-stream": unknown;
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaImageInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["MediaTooLarge"];
            415: components["responses"]["MediaUnsupported"];
            503: components["responses"]["Unavailable"];
        };
    };
    listMyPlaylists: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of playlists. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaylistPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    listUserPlaylists: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of playlists. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaylistPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    createPlaylist: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string | null;
                    /**
                     * @default private
                     * @enum {string}
                     */
                    visibility?: "private" | "public";
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Playlist"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPlaylist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The playlist. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Playlist"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    deletePlaylist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    updatePlaylist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** @enum {string} */
                    visibility?: "private" | "public";
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Playlist"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    listPlaylistEntries: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PlaylistEntry"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    addPlaylistTracks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    trackIds: components["schemas"]["Uuid"][];
                    /** @description 0-based; at most the current track count. */
                    position?: number;
                };
            };
        };
        responses: {
            /** @description Added; the playlist with its new counters and the new entries. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        playlist: components["schemas"]["Playlist"];
                        entries: components["schemas"]["PlaylistEntry"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    movePlaylistEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entryId: components["schemas"]["Uuid"];
                    /** @description 0-based; at most track count - 1. */
                    toPosition: number;
                };
            };
        };
        responses: {
            /** @description The entry at its new position. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaylistEntry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    removePlaylistEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playlistId: components["parameters"]["PlaylistId"];
                entryId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    recordPlays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    plays: components["schemas"]["PlayEvent"][];
                };
            };
        };
        responses: {
            /** @description Stored. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Events stored by this request. */
                        accepted: number;
                        /** @description Events skipped because they were stored before. */
                        duplicates: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    listHistory: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of plays. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["HistoryItem"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMyRecommendations: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of recommendations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecommendationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMyMixes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The generated playlists, Daily Mixes first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Playlist"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSimilarTracks: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Similar tracks, most similar first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            track: components["schemas"]["Track"];
                            /** @description Cosine similarity (0 for a genre fallback). */
                            score: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    search: {
        parameters: {
            query: {
                q: string;
                /** @description Comma list of track, album, artist, playlist; all when absent. */
                type?: string;
                /** @description Results per kind. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Matches per kind, best first; kinds not asked for are empty. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    getArtistStats: {
        parameters: {
            query?: {
                /** @description Start of the range (inclusive), ISO 8601 date or date-time; default depends on the interval (30 days, 26 weeks, 12 months before `to`). */
                from?: components["parameters"]["StatsFrom"];
                /** @description End of the range (exclusive), ISO 8601 date or date-time; default now. At most 3 years by day, 10 by week, 30 by month. */
                to?: components["parameters"]["StatsTo"];
                interval?: components["parameters"]["StatsInterval"];
            };
            header?: never;
            path: {
                artistId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTrackStats: {
        parameters: {
            query?: {
                /** @description Start of the range (inclusive), ISO 8601 date or date-time; default depends on the interval (30 days, 26 weeks, 12 months before `to`). */
                from?: components["parameters"]["StatsFrom"];
                /** @description End of the range (exclusive), ISO 8601 date or date-time; default now. At most 3 years by day, 10 by week, 30 by month. */
                to?: components["parameters"]["StatsTo"];
                interval?: components["parameters"]["StatsInterval"];
            };
            header?: never;
            path: {
                trackId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPlatformStats: {
        parameters: {
            query?: {
                /** @description Start of the range (inclusive), ISO 8601 date or date-time; default depends on the interval (30 days, 26 weeks, 12 months before `to`). */
                from?: components["parameters"]["StatsFrom"];
                /** @description End of the range (exclusive), ISO 8601 date or date-time; default now. At most 3 years by day, 10 by week, 30 by month. */
                to?: components["parameters"]["StatsTo"];
                interval?: components["parameters"]["StatsInterval"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description You. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    username?: string;
                    /** Format: email */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    adminListUsers: {
        parameters: {
            query?: {
                /** @description Part of the email or username. */
                q?: string;
                role?: "listener" | "artist" | "admin";
                status?: "active" | "banned";
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque cursor from the previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AdminUser"][];
                        nextCursor: components["schemas"]["NextCursor"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    adminUpdateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: components["schemas"]["Uuid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role?: "listener" | "artist" | "admin";
                    /** @enum {string} */
                    status?: "active" | "banned";
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
}
