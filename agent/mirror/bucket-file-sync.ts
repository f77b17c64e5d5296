import { existsSync } from 'node:fs';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { AgentError } from '../core/errors.js';
import { downloadAtomically } from './atomic-download.js';
import { readJson, writeJsonAtomic } from './json-file.js';
import { httpStatus } from './s3-lister.js';

/** One of the environment's files outside the DAG prefix: requirements.txt, plugins.zip, the startup script. */
export interface BucketFileSyncOptions {
  client: S3Client;
  bucket: string;
  key: string;
  /** Destination of the local copy. */
  file: string;
  /** S3 VersionId to pin (MWAA's `…S3ObjectVersion`); null follows the latest object. */
  versionId: string | null;
  /** JSON file remembering which object the local copy is. */
  stateFile: string;
  /** Mode of the local copy. */
  mode: number;
  /** Largest object downloaded, in bytes; a larger one is refused and the old copy kept. */
  maxBytes?: number;
}

/** Which object the local copy is. */
export interface BucketFileState {
  etag: string;
  versionId: string | null;
}

/**
 * Mirrors one object of the bucket to a local file, atomically. Costs one LIST per poll when following the
 * latest object, nothing once a pinned version is on disk. `sync()` says whether the local file changed;
 * a pinned version that does not exist fails with MWAA's "Unable to read version … of file …" (error code
 * S3_VERSION_NOT_FOUND), and the old copy stays.
 */
export class BucketFileSync {
  readonly #o: BucketFileSyncOptions;

  constructor(opts: BucketFileSyncOptions) {
    this.#o = opts;
  }

  get key(): string {
    return this.#o.key;
  }

  /** The object the local copy was last downloaded from, or null when there is none. */
  async current(): Promise<BucketFileState | null> {
    const state = (await readJson(this.#o.stateFile).catch(() => undefined)) as BucketFileState | undefined;
    return state && existsSync(this.#o.file) ? state : null;
  }

  async sync(): Promise<boolean> {
    const state = (await readJson(this.#o.stateFile).catch(() => undefined)) as BucketFileState | undefined;
    return this.#o.versionId ? this.#syncPinned(state, this.#o.versionId) : this.#syncLatest(state);
  }

  async #syncLatest(state: BucketFileState | undefined): Promise<boolean> {
    const { client, bucket, key } = this.#o;
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
    const obj = page.Contents?.find((o) => o.Key === key);
    if (!obj) {
      if (!state) return false;
      await rm(this.#o.file, { force: true });
      await rm(this.#o.stateFile, { force: true });
      return true;
    }
    // The local copy must still be there: a new container may get the state folder back without it.
    if (state && state.etag === obj.ETag && state.versionId === null && existsSync(this.#o.file)) return false;
    this.#checkSize(obj.Size);
    const r = await downloadAtomically(client, {
      bucket,
      key,
      dest: this.#o.file,
      etag: obj.ETag,
      lastModified: obj.LastModified,
      mode: this.#o.mode,
    });
    await writeJsonAtomic(this.#o.stateFile, { etag: r.etag, versionId: null } satisfies BucketFileState);
    return true;
  }

  async #syncPinned(state: BucketFileState | undefined, versionId: string): Promise<boolean> {
    if (state?.versionId === versionId && existsSync(this.#o.file)) return false;
    const { client, bucket, key } = this.#o;
    try {
      const r = await downloadAtomically(client, {
        bucket,
        key,
        dest: this.#o.file,
        versionId,
        mode: this.#o.mode,
        maxBytes: this.#o.maxBytes,
      });
      await writeJsonAtomic(this.#o.stateFile, { etag: r.etag, versionId } satisfies BucketFileState);
      return true;
    } catch (e) {
      const status = httpStatus(e);
      if (status === 404 || status === 400) {
        // MWAA's own text for an object version that does not exist (UG: working-dags-delete).
        throw new AgentError('S3_VERSION_NOT_FOUND', `Unable to read version ${versionId} of file ${baseName(key)}`, {
          cause: e,
        });
      }
      throw e;
    }
  }

  #checkSize(size: number | undefined): void {
    const max = this.#o.maxBytes;
    if (max !== undefined && size !== undefined && size > max)
      throw new AgentError(
        'S3_OBJECT_TOO_LARGE',
        `s3://${this.#o.bucket}/${this.#o.key} is ${size} bytes, over --max-object-size ${max}; the last copy is kept`,
      );
  }
}

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
