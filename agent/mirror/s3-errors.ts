import { AgentError } from '../core/errors.js';
import { httpStatus } from './s3-lister.js';

/** Turns an SDK or network error from listing `s3://bucket/prefix` into a catalogued AgentError. */
export function toS3Error(e: unknown, bucket: string, prefix: string, endpoint: string | null): AgentError {
  if (e instanceof AgentError) return e;
  const where = `s3://${bucket}/${prefix}${endpoint ? ` at ${endpoint}` : ''}`;
  const name = (e as { name?: string })?.name ?? '';
  const status = httpStatus(e);
  const detail = (e as Error)?.message || name || String(e);
  if (name === 'NoSuchBucket' || (status === 404 && !name.startsWith('NoSuchKey'))) {
    return new AgentError('S3_BUCKET_NOT_FOUND', `${where}: bucket ${bucket} does not exist (${detail})`, { cause: e });
  }
  if (name === 'AccessDenied' || status === 403) {
    return new AgentError(
      'S3_ACCESS_DENIED',
      `${where}: access denied; the credentials need s3:ListBucket and s3:GetObject (${detail})`,
      { cause: e },
    );
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  return new AgentError('S3_UNREACHABLE', `${where}: ${code ? `${code} ` : ''}${detail}`, { cause: e });
}
