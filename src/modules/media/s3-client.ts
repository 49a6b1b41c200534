import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3Settings {
  /** Absent for AWS S3 itself (the region picks the endpoint). */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Absent: the SDK's own chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what MinIO, Garage and test servers need. */
  forcePathStyle: boolean;
}

export function createS3Client(s: S3Settings): S3Client {
  // The pinned SDK runs on Node 20 (package.json engines). Its notice that later versions will
  // not is for whoever raises the pin, not a warning on every start and every CLI run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    credentials: s.credentials,
    forcePathStyle: s.forcePathStyle,
    // Checksums only where the API demands them: several S3-compatible stores refuse the
    // SDK's default trailing checksums, and every object is verified by its content hash anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // DeleteObjects is the one call S3 requires a body checksum for. The SDK sends CRC32, which
  // MinIO releases before 2025 and other S3-compatible stores refuse ("Missing required header
  // for this request: Content-MD5"); they all take the MD5 the SDK used to send, and AWS takes both.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && request.headers && typeof request.body === 'string') {
        request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'rhythmoDeleteObjectsMd5' },
  );
  return client;
}
