import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { fileURLToPath } from 'node:url';

type Doc = { paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>>; [k: string]: unknown };

/** openapi/ at the repository root, found from src/http or dist/src/http alike. */
export function openapiDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'openapi', 'openapi.yaml');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    dir = path.dirname(dir);
  }
  throw new Error('openapi/openapi.yaml not found');
}

/**
 * The contract is written by hand as openapi.yaml plus one file per area under paths/;
 * this merges them into one document. A path or component defined twice is a mistake.
 */
export function loadOpenApiDocument(dir = openapiDir()): Doc {
  const root = yaml.load(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')) as Doc;
  root.paths ??= {};
  root.components ??= {};
  const parts = fs.readdirSync(path.join(dir, 'paths')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of parts) {
    const part = yaml.load(fs.readFileSync(path.join(dir, 'paths', file), 'utf8')) as Doc;
    for (const [p, item] of Object.entries(part.paths ?? {})) {
      if (!(p in root.paths)) {
        root.paths[p] = item;
        continue;
      }
      // Two areas may share a path (GET /api/tracks is the catalog's list, POST the media upload)
      // as long as each method is defined once and path-level parameters agree.
      const existing = root.paths[p] as Record<string, unknown>;
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
        if (key === 'parameters' && key in existing) {
          if (JSON.stringify(existing[key]) !== JSON.stringify(value)) throw new Error(`openapi/paths/${file}: path ${p} has different parameters in two files`);
          continue;
        }
        if (key in existing) throw new Error(`openapi/paths/${file}: ${key} ${p} is defined twice`);
        existing[key] = value;
      }
    }
    for (const [section, entries] of Object.entries(part.components ?? {})) {
      root.components[section] ??= {};
      for (const [name, value] of Object.entries(entries)) {
        if (name in root.components[section]!) throw new Error(`openapi/paths/${file}: components.${section}.${name} is defined twice`);
        root.components[section]![name] = value;
      }
    }
  }
  return root;
}
