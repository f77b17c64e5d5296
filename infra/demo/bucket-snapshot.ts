import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

interface Entry {
  etag: string;
  blob: string;
}

/**
 * The demo's bucket kept in the state folder, so it survives a restart of the demo (its S3 server keeps
 * objects in memory only, as LocalStack community does; LocalStack's persistence is a Pro feature).
 * `save` copies what changed since the last save (one listing when nothing did), so the demo calls it every
 * few seconds and once more when it stops; `restore` puts every saved object back into a new server.
 *
 * Layout: `<dir>/index.json` maps each key to its ETag and blob; blobs are named by the key's hash, so any
 * key (`..`, trailing slashes) is a safe file name. Files are written to a temporary name and renamed.
 */
export class BucketSnapshot {
  readonly #dir: string;
  readonly #bucket: string;
  readonly #s3: S3Client;
  #index: Record<string, Entry> | null = null;
  #saving: Promise<void> | null = null;

  constructor(opts: { dir: string; bucket: string; endpoint: string }) {
    this.#dir = opts.dir;
    this.#bucket = opts.bucket;
    this.#s3 = new S3Client({
      endpoint: opts.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Number of objects saved by an earlier run (0 when none). */
  async savedObjects(): Promise<number> {
    return Object.keys(await this.#load()).length;
  }

  /** Creates the bucket when missing and puts back every saved object; returns how many. */
  async restore(): Promise<number> {
    const exists = await this.#s3.send(new HeadBucketCommand({ Bucket: this.#bucket })).then(
      () => true,
      () => false,
    );
    if (!exists) await this.#s3.send(new CreateBucketCommand({ Bucket: this.#bucket }));
    const index = await this.#load();
    for (const [key, entry] of Object.entries(index)) {
      const body = await readFile(join(this.#dir, 'objects', entry.blob));
      await this.#s3.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body }));
    }
    // The server gives restored objects new ETags: take them, so the next save copies nothing.
    this.#index = await this.#listEtags().then((etags) =>
      Object.fromEntries(
        Object.entries(index).map(([k, e]) => [k, { ...e, etag: etags.get(k) ?? e.etag }] as [string, Entry]),
      ),
    );
    await this.#writeIndex();
    return Object.keys(index).length;
  }

  /** Copies new and changed objects into the folder and forgets deleted ones; one save at a time. */
  save(): Promise<void> {
    this.#saving ??= this.#save().finally(() => {
      this.#saving = null;
    });
    return this.#saving;
  }

  async #save(): Promise<void> {
    const index = await this.#load();
    const etags = await this.#listEtags();
    let changed = false;
    for (const [key, etag] of etags) {
      if (index[key]?.etag === etag) continue;
      const res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      const body = await res.Body!.transformToByteArray();
      const blob = createHash('sha256').update(key).digest('hex');
      await atomicWrite(join(this.#dir, 'objects', blob), body);
      index[key] = { etag: res.ETag ?? etag, blob };
      changed = true;
    }
    for (const [key, entry] of Object.entries(index)) {
      if (etags.has(key)) continue;
      delete index[key];
      await rm(join(this.#dir, 'objects', entry.blob), { force: true });
      changed = true;
    }
    if (changed) await this.#writeIndex();
  }

  close(): void {
    this.#s3.destroy();
  }

  async #listEtags(): Promise<Map<string, string>> {
    const etags = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.#s3.send(new ListObjectsV2Command({ Bucket: this.#bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) etags.set(o.Key, o.ETag ?? '');
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return etags;
  }

  async #load(): Promise<Record<string, Entry>> {
    if (this.#index) return this.#index;
    const file = join(this.#dir, 'index.json');
    this.#index = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>) : {};
    return this.#index;
  }

  async #writeIndex(): Promise<void> {
    await atomicWrite(join(this.#dir, 'index.json'), Buffer.from(JSON.stringify(this.#index, null, 1)));
  }
}

async function atomicWrite(file: string, body: Uint8Array): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, body, { mode: 0o600 });
  await rename(tmp, file);
}
