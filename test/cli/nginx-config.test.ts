import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../support/cli.js';

// The layout itself is run by a real nginx in test/api/media-accel.test.ts; this checks what the
// command makes of the configuration, and that nginx accepts the result as printed.
describe('rhythmo nginx-config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-nginx-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints a site for this configuration that `nginx -t` accepts', async () => {
    const data = path.join(dir, 'data');
    const env = { DATA_DIR: data, PORT: '3123', MAX_UPLOAD_MB: '50', STREAM_ACCEL_REDIRECT: '/_media/' };
    const res = await runCli(['nginx-config', '--listen', '127.0.0.1:8089', '--server-name', 'music.example.com', '--cache-dir', path.join(dir, 'cache')], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('server 127.0.0.1:3123;');
    expect(res.stdout).toContain('client_max_body_size 51m;');
    expect(res.stdout).toContain(`root ${path.join(data, 'media')};`);
    expect(res.stdout).toContain('location /_media/ {');
    expect(res.stdout).toContain('STREAM_ACCEL_REDIRECT=/_media/ STREAM_ACCEL_CACHE_SECONDS=5 TRUST_PROXY=1\n');

    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n${res.stdout}}\n`);
    const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
    if (!nginx) throw new Error('nginx is not installed (apt-get install nginx; .ci/run installs it)');
    const check = spawnSync(nginx, ['-t', '-c', conf, '-p', dir], { encoding: 'utf8' });
    expect(check.stderr).toContain('syntax is ok');
    expect(check.status).toBe(0);
  });

  it('refuses a bad configuration with exit code 2', async () => {
    const res = await runCli(['nginx-config'], { DATA_DIR: path.join(dir, 'data'), PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT/);
  });
});
