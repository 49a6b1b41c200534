import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The panel's React components live next to this file as .jsx; the AdminJS bundler reads
 * them from source, so they are found from src/admin or dist/src/admin alike.
 */
export function componentsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'src', 'admin', 'components');
    if (fs.existsSync(path.join(candidate, 'dashboard.jsx'))) return candidate;
    if (fs.existsSync(path.join(dir, 'components', 'dashboard.jsx'))) return path.join(dir, 'components');
    dir = path.dirname(dir);
  }
  throw new Error('src/admin/components not found');
}

/**
 * In development AdminJS serves .adminjs/bundle.js if it exists, however old. A bundle older
 * than any component is removed so the first request builds a fresh one.
 */
export function dropStaleBundle(tmpDir: string, components: string[]): void {
  const bundle = path.join(tmpDir, 'bundle.js');
  let built: number;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return;
  }
  if (components.some((file) => fs.statSync(file).mtimeMs > built)) fs.rmSync(bundle, { force: true });
}
