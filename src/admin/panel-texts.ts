/**
 * The panel's own words over AdminJS's: its sign-in page and the labels of columns, which
 * AdminJS otherwise makes from the column names ("Album Id", "Duration Ms").
 */
export const panelLocale = {
  language: 'en',
  availableLanguages: ['en'],
  translations: {
    en: {
      components: {
        Login: {
          welcomeHeader: 'Rhythmo',
          welcomeMessage:
            'The admin panel of this Rhythmo server: artists upload and edit their tracks and albums and follow their listeners; admins look after accounts, the catalog and announcements.',
          properties: { email: 'Email or username', password: 'Password' },
        },
      },
      labels: { recommendation_runs: 'Recommendation runs', job_runs: 'Background jobs' },
      actions: { queueRecommendationRun: 'Queue a recommendation run' },
      pages: { apiKeys: 'API keys' },
      properties: {
        id: 'ID',
        albumId: 'Album',
        artistIds: 'Artists',
        artists: 'Artists',
        audioFile: 'Audio file',
        audioMime: 'Audio format',
        audioCodec: 'Codec',
        audioBitrate: 'Bitrate (bit/s)',
        audioSizeBytes: 'File size (bytes)',
        authorId: 'Author',
        createdAt: 'Created',
        discNumber: 'Disc number',
        displayName: 'Display name',
        durationMs: 'Duration',
        emailVerifiedAt: 'Email verified',
        finishedAt: 'Finished',
        ownerId: 'Owner',
        maxAttempts: 'Attempts allowed',
        requestedBy: 'Queued by',
        ratingCount: 'Ratings',
        ratingSum: 'Rating total',
        releaseDate: 'Release date',
        startedAt: 'Started',
        trackCount: 'Tracks',
        trackNumber: 'Track number',
        updatedAt: 'Updated',
      },
    },
  },
};
