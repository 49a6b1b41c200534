import { Command } from 'commander';
import 'dotenv/config';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_ACCEL_PREFIX, nginxSite } from '../../src/http/nginx-site.js';
import { examples } from '../output.js';

export function nginxConfigCommand(): Command {
  return new Command('nginx-config')
    .description("Print the nginx site the README recommends for this configuration (upstream, DATA_DIR, upload limit): nginx sends the audio, Rhythmo authorises it")
    .option('--listen <params>', "nginx's listen parameters", '80')
    .option('--server-name <names>', 'server_name', '_')
    .option('--cache-dir <dir>', 'where nginx keeps stream authorisations', '/var/cache/nginx/rhythmo-streams')
    .addHelpText(
      'after',
      examples(
        'rhythmo nginx-config > /etc/nginx/conf.d/rhythmo.conf',
        "rhythmo nginx-config --listen '443 ssl' --server-name music.example.com",
      ),
    )
    .action((opts: { listen: string; serverName: string; cacheDir: string }) => {
      const config = loadConfig();
      const prefix = config.streamAccelRedirect ?? DEFAULT_ACCEL_PREFIX;
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      const site = nginxSite({
        upstream: `${host}:${config.port}`,
        listen: opts.listen,
        serverName: opts.serverName,
        mediaDir: config.mediaDir,
        accelPrefix: prefix,
        cacheDir: opts.cacheDir,
        maxUploadMb: Math.ceil(config.maxUploadBytes / (1024 * 1024)),
      });
      const env = [
        `STREAM_ACCEL_REDIRECT=${prefix}`,
        `STREAM_ACCEL_CACHE_SECONDS=${config.streamAccelCacheSeconds}`,
        'TRUST_PROXY=1',
      ];
      const note = config.streamAccelRedirect ? '' : '  (STREAM_ACCEL_REDIRECT is not set yet)';
      process.stdout.write(`# Rhythmo behind nginx: include inside http { }. Certificates and TLS settings are yours to add.\n# Rhythmo's environment for it: ${env.join(' ')}${note}\n${site}`);
    });
}
