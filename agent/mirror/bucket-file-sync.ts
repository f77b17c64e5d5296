import { existsSync } from 'node:fs';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentError } from '../core/errors.js';
import { downloadAtomically } from './atomic-download.js';
import { readJson, writeJsonAtomic } from './json-file.js';
import { httpStatus } from './s3-lister.js';

export interface RequirementsSyncOptions {
  client: S3Client;
  bucket: string;
  key: string;
  /** Destination, e.g. `<requirementsDir>/requirements.txt`. */
  file: string;
  /** S3 VersionId to pin (MWAA's RequirementsS3ObjectVersion); null follows the latest object. */
  versionId: string | null;
  stateDir: string;
}

interface RequirementsState {
  etag: string;
  versionId: string | null;
}

/**
 * Mirrors the bucket's requirements.txt (outside the DAG prefix) to the requirements folder. Costs one LIST
 * per poll when following the latest object, nothing once a pinned version is on disk. Returns whether the
 * local file changed.
 */
export class RequirementsSync {
  readonly #o: RequirementsSyncOptions;
  readonly #stateFile: string;

  constructor(opts: RequirementsSyncOptions) {
    this.#o = opts;
    this.#stateFile = join(opts.stateDir, 'mirror-requirements.json');
  }

  async sync(): Promise<boolean> {
    const state = (await readJson(this.#stateFile).catch(() => undefined)) as RequirementsState | undefined;
    return this.#o.versionId ? this.#syncPinned(state, this.#o.versionId) : this.#syncLatest(state);
  }

  async #syncLatest(state: RequirementsState | undefined): Promise<boolean> {
    const { client, bucket, key } = this.#o;
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
    const obj = page.Contents?.find((o) => o.Key === key);
    if (!obj) {
      if (!state) return false;
      await rm(this.#o.file, { force: true });
      await rm(this.#stateFile, { force: true });
      return true;
    }
    // The local copy must still be there: a new container may get the state folder back without it.
    if (state && state.etag === obj.ETag && state.versionId === null && existsSync(this.#o.file)) return false;
    const r = await downloadAtomically(client, {
      bucket,
      key,
      dest: this.#o.file,
      etag: obj.ETag,
      lastModified: obj.LastModified,
      mode: 0o644,
    });
    await writeJsonAtomic(this.#stateFile, { etag: r.etag, versionId: null } satisfies RequirementsState);
    return true;
  }

  async #syncPinned(state: RequirementsState | undefined, versionId: string): Promise<boolean> {
    if (state?.versionId === versionId && existsSync(this.#o.file)) return false;
    const { client, bucket, key } = this.#o;
    try {
      const r = await downloadAtomically(client, { bucket, key, dest: this.#o.file, versionId, mode: 0o644 });
      await writeJsonAtomic(this.#stateFile, { etag: r.etag, versionId } satisfies RequirementsState);
      return true;
    } catch (e) {
      const status = httpStatus(e);
      if (status === 404 || status === 400) {
        // MWAA's own text for a requirements version that does not exist (UG: working-dags-delete).
        throw new AgentError('REQUIREMENTS_INVALID', `Unable to read version ${versionId} of file ${baseName(key)}`, {
          cause: e,
        });
      }
      throw e;
    }
  }
}

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
