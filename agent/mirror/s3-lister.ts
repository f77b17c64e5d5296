import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3ListPage, walkRanges } from './ranged-listing.js';
import type { RemoteObject } from './sync-plan.js';

/** Every object under `prefix`, one page after another. Throws if any page fails. */
export async function listPrefix(client: S3Client, bucket: string, prefix: string): Promise<RemoteObject[]> {
  return walkRanges({ listPage: s3ListPage(client), bucket, prefix, ranges: [{}], concurrency: 1 });
}

/** One object's metadata, or null when the key does not exist (404). */
export async function headObject(client: S3Client, bucket: string, key: string): Promise<RemoteObject | null> {
  try {
    const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { key, etag: h.ETag ?? '', size: h.ContentLength ?? 0, lastModified: h.LastModified ?? new Date(0) };
  } catch (e) {
    if (httpStatus(e) === 404) return null;
    throw e;
  }
}

export function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
