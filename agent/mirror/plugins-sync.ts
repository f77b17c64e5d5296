import { join } from 'node:path';
import { AgentError, isAgentError } from '../core/errors.js';
import { BucketFileSync, type BucketFileState } from './bucket-file-sync.js';
import { readJson, writeJsonAtomic } from './json-file.js';
import { type UnpackLimits, unpackPlugins } from './plugins-unpacker.js';
import type { S3Client } from '@aws-sdk/client-s3';

export interface PluginsSyncOptions {
  client: S3Client;
  bucket: string;
  key: string;
  versionId: string | null;
  /** The local plugins folder (`/usr/local/airflow/plugins`). */
  pluginsDir: string;
  stateDir: string;
  maxBytes: number;
  limits?: UnpackLimits;
}

/**
 * plugins.zip: the object is mirrored into the state folder (pinned or latest, as requirements.txt), then
 * unpacked into the plugins folder. An archive that cannot be unpacked leaves the folder as it was and is
 * not tried again until the bucket holds another one. `sync()` says whether the
 * plugins folder changed; it throws AgentError PLUGINS_INVALID (or the download's error) otherwise.
 */
export class PluginsSync {
  readonly #o: PluginsSyncOptions;
  readonly #file: BucketFileSync;
  readonly #zip: string;
  readonly #unpackedFile: string;

  constructor(opts: PluginsSyncOptions) {
    this.#o = opts;
    this.#zip = join(opts.stateDir, 'plugins.zip');
    this.#unpackedFile = join(opts.stateDir, 'plugins-unpacked.json');
    this.#file = new BucketFileSync({
      client: opts.client,
      bucket: opts.bucket,
      key: opts.key,
      file: this.#zip,
      versionId: opts.versionId,
      stateFile: join(opts.stateDir, 'mirror-plugins.json'),
      mode: 0o600,
      maxBytes: opts.maxBytes,
    });
  }

  async sync(): Promise<boolean> {
    await this.#file.sync();
    const current = await this.#file.current();
    const unpacked = (await readJson(this.#unpackedFile).catch(() => undefined)) as UnpackedState | undefined;
    if (!current) return false;
    if (unpacked && sameObject(unpacked, current)) {
      if (unpacked.failure) throw new AgentError('PLUGINS_INVALID', unpacked.failure);
      return false;
    }
    const label = `plugins.zip (s3://${this.#o.bucket}/${this.#o.key}${current.versionId ? `, version ${current.versionId}` : ''})`;
    try {
      await unpackPlugins(this.#zip, this.#o.pluginsDir, label, this.#o.limits);
      await writeJsonAtomic(this.#unpackedFile, { ...current, failure: null } satisfies UnpackedState);
      return true;
    } catch (e) {
      if (!isAgentError(e, 'PLUGINS_INVALID')) throw e;
      await writeJsonAtomic(this.#unpackedFile, { ...current, failure: e.message } satisfies UnpackedState);
      throw e;
    }
  }
}

interface UnpackedState extends BucketFileState {
  /** Why this object could not be unpacked: it is not tried again until the bucket holds another one. */
  failure: string | null;
}

function sameObject(a: BucketFileState, b: BucketFileState): boolean {
  return a.etag === b.etag && a.versionId === b.versionId;
}
