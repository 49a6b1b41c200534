/** Tests run on SQLite by default and on PostgreSQL when DATABASE_URL is set (one database per worker). */
const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');

/** Suites whose answer does not depend on the database: the PostgreSQL run leaves them to the SQLite run. */
const DATABASE_NEUTRAL = [
  '<rootDir>/test/unit/',
  '<rootDir>/test/integration/(probe-pool|storage|storage-drivers|transcoder|derived-files)\\.test\\.ts$',
  // Chromium driving the panel's and Swagger UI's pages: what they show does not depend on the
  // database, and the panel's queries run on both databases in test/api/admin-panel*.test.ts.
  '<rootDir>/test/e2e/(admin|admin-pages|swagger-ui)\\.test\\.ts$',
];

/** Suites about several hosts on one PostgreSQL database: the SQLite run (one host) leaves them out. */
const POSTGRES_ONLY = ['<rootDir>/test/integration/(multi-host|migrations-together)\\.test\\.ts$'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(onPostgres ? DATABASE_NEUTRAL : POSTGRES_ONLY)],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 60_000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
