import fs from 'node:fs';
import path from 'node:path';

/** Whether dist/ holds a build newer than every TypeScript source it is built from, and the probe worker's bundle newer than its modules. */
export function buildIsFresh(root = process.cwd()): boolean {
  const fresh = (dir: string): boolean =>
    fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).every((e) => {
      if (!e.isFile() || !e.name.endsWith('.ts')) return true;
      const source = path.join(e.parentPath, e.name);
      const built = path.join(root, 'dist', path.relative(root, source).replace(/\.ts$/, '.js'));
      return fs.existsSync(built) && fs.statSync(built).mtimeMs >= fs.statSync(source).mtimeMs;
    });
  const worker = path.join(root, 'dist/src/modules/media/probe-worker');
  const bundled = fs.existsSync(`${worker}.bundle.js`) && fs.statSync(`${worker}.bundle.js`).mtimeMs >= fs.statSync(`${worker}.js`).mtimeMs;
  return fs.existsSync(path.join(root, 'dist/cli/index.js')) && ['src', 'cli', 'seeders'].every(fresh) && bundled;
}
