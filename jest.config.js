/** Tests run on SQLite by default and on PostgreSQL when DATABASE_URL is set (one database per worker). */
const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');

/** Suites that never open a database: the PostgreSQL run leaves them to the SQLite run, which has the same answer. */
const WITHOUT_DATABASE = [
  '<rootDir>/test/unit/',
  '<rootDir>/test/integration/(probe-pool|storage|storage-drivers|transcoder)\\.test\\.ts$',
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(onPostgres ? WITHOUT_DATABASE : [])],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 60_000,
  // In CI a third worker fills the time the others wait on child processes, PostgreSQL and Chromium.
  maxWorkers: process.env.CI ? 3 : '50%',
};
