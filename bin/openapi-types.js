#!/usr/bin/env node
/**
 * src/http/openapi-types.ts, the request and response types of the OpenAPI document, made by
 * openapi-typescript from openapi/openapi.yaml and paths/*.yaml merged as the server merges them.
 * The file is committed, so a clean clone typechecks without a build step; CI checks it is current.
 *
 *   npm run openapi:types                  writes it after a change to openapi/
 *   node bin/openapi-types.js --check      fails when it is out of date
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(ROOT, 'src/http/openapi-types.ts');
const HEADER = '// Generated from openapi/ by bin/openapi-types.js (npm run openapi:types): do not edit.\n\n';

const { loadOpenApiDocument } = await tsImport('../src/http/openapi-document.ts', import.meta.url);
const text = HEADER + astToString(await openapiTS(loadOpenApiDocument()));

if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.log('src/http/openapi-types.ts is out of date with openapi/: run npm run openapi:types and commit it');
    process.exit(1);
  }
  console.log('src/http/openapi-types.ts matches openapi/');
} else {
  fs.writeFileSync(OUT, text);
}
