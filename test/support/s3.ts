import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/modules/media/s3-storage.js';

export interface TestS3 {
  settings: S3Settings;
  /** The same as environment variables, for loadConfig. */
  env: Record<string, string>;
  /** Where s3rver keeps the objects. */
  dir: string;
  close(): Promise<void>;
}

/** s3rver's fixed credentials. */
const ACCESS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** An S3-protocol server on a free local port, its objects in a fresh temp folder, with one empty bucket. */
export async function startS3(bucket = 'rhythmo-media'): Promise<TestS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    settings: { endpoint, bucket, region: 'us-east-1', credentials: ACCESS, forcePathStyle: true },
    env: {
      STORAGE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: ACCESS.accessKeyId,
      S3_SECRET_ACCESS_KEY: ACCESS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    dir,
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
