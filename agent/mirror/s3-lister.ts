import { HeadObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { RemoteObject } from './sync-plan.js';

export const PAGE_SIZE = 1_000;

/** Every object under `prefix`, 1,000 keys per ListObjectsV2 page. Throws if any page fails. */
export async function listPrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
  onPage?: () => void,
): Promise<RemoteObject[]> {
  const out: RemoteObject[] = [];
  for await (const page of paginateListObjectsV2({ client, pageSize: PAGE_SIZE }, { Bucket: bucket, Prefix: prefix })) {
    onPage?.();
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      out.push({ key: o.Key, etag: o.ETag ?? '', size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
    }
  }
  return out;
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
