import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AgentError } from '../core/errors.js';
import { TEMP_MARKER } from './key-rules.js';
import { fileModeFor, KEY_HEADER_BYTES } from './private-key.js';
import { httpStatus } from './s3-lister.js';

export interface DownloadRequest {
  bucket: string;
  key: string;
  /** Absolute destination path. */
  dest: string;
  /** Expected ETag (If-Match); omitted for a pinned version. */
  etag?: string;
  versionId?: string;
  /** mtime of the written file (the object's LastModified). */
  lastModified?: Date;
  /** Forced mode; otherwise 0600 for private keys, 0644 for the rest. */
  mode?: number;
  /** Largest object written; a larger one fails (S3_OBJECT_TOO_LARGE) and the old copy stays. */
  maxBytes?: number;
}

export interface DownloadResult {
  etag: string;
  size: number;
  lastModified: Date;
  mode: number;
}

/** The object changed between listing and GET (HTTP 412): the caller looks it up again and retries. */
export class ObjectChangedError extends Error {
  constructor(key: string) {
    super(`s3 key ${key} changed while it was being downloaded`);
    this.name = 'ObjectChangedError';
  }
}

function tooLarge(req: DownloadRequest, size: number): AgentError {
  return new AgentError(
    'S3_OBJECT_TOO_LARGE',
    `s3://${req.bucket}/${req.key} is ${size} bytes or more, over --max-object-size ${req.maxBytes}; the last copy is kept`,
  );
}

/** `.mwaa-tmp-<random>` in the destination's folder: dot-prefixed, never `.py`, so discovery never sees it. */
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `${TEMP_MARKER}-${randomBytes(8).toString('hex')}`);
}

/**
 * Streams one object into a temporary file beside `dest`, checks its length, sets mode and mtime, then
 * renames it into place. A reader sees the old file or the new one, never a torn one; on any failure the
 * temporary is removed and the old copy stays.
 */
export async function downloadAtomically(client: S3Client, req: DownloadRequest): Promise<DownloadResult> {
  await mkdir(dirname(req.dest), { recursive: true });
  let res;
  try {
    res = await client.send(
      new GetObjectCommand({ Bucket: req.bucket, Key: req.key, IfMatch: req.etag, VersionId: req.versionId }),
    );
  } catch (e) {
    if (httpStatus(e) === 412) throw new ObjectChangedError(req.key);
    throw e;
  }
  if (req.maxBytes !== undefined && res.ContentLength !== undefined && res.ContentLength > req.maxBytes) {
    (res.Body as Readable | undefined)?.destroy?.();
    throw tooLarge(req, res.ContentLength);
  }
  const tmp = tempPathFor(req.dest);
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  try {
    // Created 0600 so a private key is never readable by others, even half-written.
    await pipeline(
      res.Body as Readable,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          if (headBytes < KEY_HEADER_BYTES) {
            head.push(chunk);
            headBytes += chunk.length;
          }
          size += chunk.length;
          if (req.maxBytes !== undefined && size > req.maxBytes) throw tooLarge(req, size);
          yield chunk;
        }
      },
      createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
    );
    if (res.ContentLength !== undefined && size !== res.ContentLength) {
      throw new Error(`s3 key ${req.key}: got ${size} of ${res.ContentLength} bytes`);
    }
    const mode = req.mode ?? fileModeFor(basename(req.dest), Buffer.concat(head));
    await chmod(tmp, mode);
    // The listing's LastModified has millisecond precision, the GET header only seconds: prefer the listing's.
    const lastModified = req.lastModified ?? res.LastModified ?? new Date();
    await utimes(tmp, lastModified, lastModified);
    await rename(tmp, req.dest);
    return { etag: res.ETag ?? req.etag ?? '', size, lastModified, mode };
  } catch (e) {
    (res.Body as Readable | undefined)?.destroy?.();
    await rm(tmp, { force: true });
    throw e;
  }
}
