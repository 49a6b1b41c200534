import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Doors (routes, admin, subsonic, cli) reach data only through services. */
const noDataAccess = {
  patterns: [
    { group: ['**/*.model', '**/*.model.js', '**/*.repository', '**/*.repository.js', '**/db/models', '**/db/models.js'], message: 'Doors call services; models and repositories stay behind them.' },
  ],
};

/** Modules see each other only through their index.ts. */
const throughIndex = {
  patterns: [
    { regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index(\\.js)?$).+', message: 'Import another module through its index.ts.' },
  ],
};

/** Doors import a module only through its index.ts. */
const doorThroughIndex = { regex: 'modules/[^/]+/(?!index(\\.js)?$)[^/]+$', message: 'Import a module through its index.ts.' };

/** Modules get their collaborators handed in; only the doors know the container. */
const noContainer = { regex: '(^|/)container(\\.js)?$', message: 'Modules take the services they use; src/http/routers.ts unpacks the container.' };

/** Domain code (everything in a module but its routes file) loads neither Express nor the HTTP layer. */
const noExpress = { name: 'express', message: 'Only a module\'s *.routes.ts speaks HTTP.' };
const domainOnly = {
  patterns: [noContainer, { regex: '^(\\.\\./)+http/', message: 'Only a module\'s *.routes.ts speaks HTTP.' }],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.adminjs/', 'coverage/', 'data/', 'test-artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/*/*.routes.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noExpress], patterns: [...throughIndex.patterns, ...domainOnly.patterns] }] },
  },
  {
    files: ['src/modules/*/*.routes.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noDataAccess.patterns, ...throughIndex.patterns, noContainer] }] },
  },
  {
    files: ['src/admin/**/*.ts', 'src/subsonic/**/*.ts', 'cli/**/*.ts', 'src/http/**/*.ts', 'seeders/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noDataAccess.patterns, doorThroughIndex] }] },
  },
  {
    // The one place that mounts the modules' HTTP edges: it imports the routes files themselves.
    files: ['src/http/routers.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noDataAccess.patterns, { ...doorThroughIndex, regex: 'modules/[^/]+/(?!index(\\.js)?$)(?![^/]+\\.routes\\.js$)[^/]+$' }] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
