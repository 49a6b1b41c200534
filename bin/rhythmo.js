#!/usr/bin/env node
// The compiled CLI; `npm run build` makes it (the README's install step does).
import('../dist/cli/index.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) {
    process.stderr.write('rhythmo: not built yet; run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
});
