import type { Migration } from './helpers.js';
import { initialSchema } from './0001-initial-schema.js';
import { catalogSearch } from './0100-catalog-search.js';
import { importSources } from './0400-import-sources.js';
import { importOwnerClaims } from './0401-import-owner-claims.js';
import { statsIndexes } from './0500-stats-indexes.js';
import { recommendationRunRefs } from './0601-recommendation-run-refs.js';
import { recommendationLists } from './0602-recommendation-lists.js';
import { albumMatchKey } from './0700-album-match-key.js';
import { longNames } from './0800-long-names.js';
import { pendingEmail } from './0900-pending-email.js';
import { countedPlays } from './0910-counted-plays.js';
import { searchText } from './0920-search-text.js';
import { apiKeys } from './0930-api-keys.js';
import { lyricsReplayGain } from './0940-lyrics-replay-gain.js';
import { playQueues } from './0950-play-queues.js';
import { authAttempts } from './0960-auth-attempts.js';
import { jobRuns } from './0970-job-runs.js';

/**
 * Every migration, in order. Listed by hand rather than globbed so that tsc output, tsx
 * and jest all see the same set. Append; never edit one that has shipped.
 */
export const migrations: Migration[] = [initialSchema, catalogSearch, importSources, importOwnerClaims, statsIndexes, recommendationRunRefs, recommendationLists, albumMatchKey, longNames, pendingEmail, countedPlays, searchText, apiKeys, lyricsReplayGain, playQueues, authAttempts, jobRuns];
