import path from 'node:path';
import { LocalDiskStorage, type Storage } from './storage.js';
import { S3Storage, type S3Settings } from './s3-storage.js';

/**
 * The configured driver. Both keep files on their way in under `<mediaDir>/.tmp` (swept at start),
 * so uploads and the admin panel's forms work the same with either.
 */
export function openStorage(driver: 'local' | 's3', mediaDir: string, s3: S3Settings | null): Storage {
  if (driver === 'local') return new LocalDiskStorage(mediaDir);
  if (!s3) throw new Error('STORAGE=s3 needs S3_BUCKET');
  return new S3Storage(s3, path.join(mediaDir, '.tmp'));
}
