import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AgentError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../core/config.js';
import { type LogsPrefix, parseLogsPrefix } from '../core/logs-prefix.js';
import { createS3Client, localEndpointCredentials } from '../mirror/s3-clients.js';
import { httpStatus } from '../mirror/s3-lister.js';

export interface S3TaskLogsOptions {
  target: LogsPrefix;
  client: S3Client;
  /** The state folder: attempt logs are `<stateDir>/logs/<log_filename_template>`, uploaded at that path. */
  stateDir: string;
  log: Logger;
  /** How often a running attempt's grown log is uploaded again (default {@link LIVE_UPLOAD_MS}). */
  liveUploadMs?: number;
  /** Named in errors (LocalStack, MinIO). */
  endpointUrl?: string | null;
}

/**
 * While an attempt runs, its log is uploaded again this often when it has grown, so an agent that did not run
 * it shows it live (S3 has no append: each upload is the whole file, one at a time per attempt).
 */
export const LIVE_UPLOAD_MS = 2_000;
/** How long the end of an attempt waits for its last upload before its state is recorded anyway. */
const FLUSH_WAIT_MS = 5_000;

/**
 * The task logs of `--logs-prefix` with their own S3 client (the configured endpoint and region); null without the
 * option. The caller destroys the client after closing the logs.
 */
export function openS3TaskLogs(
  config: Readonly<Config>,
  env: NodeJS.ProcessEnv,
  log: Logger,
): { logs: S3TaskLogs; client: S3Client } | null {
  if (config.logsPrefix === null) return null;
  const client = createS3Client({
    region: config.region,
    endpointUrl: config.endpointUrl,
    maxSockets: 8,
    credentials: localEndpointCredentials(config.endpointUrl, env),
  });
  const logs = new S3TaskLogs({
    target: parseLogsPrefix(config.logsPrefix, config),
    client,
    stateDir: config.stateDir,
    endpointUrl: config.endpointUrl,
    log,
  });
  return { logs, client };
}

/** Bytes of an object from a position, and the object's size. */
export interface RemoteRange {
  bytes: Buffer;
  size: number;
}

/** One attempt's log being kept in S3 while its writer appends to the local file. */
export interface AttemptLogUpload {
  /** `s3://bucket/key` of the attempt's log. */
  readonly url: string;
  /** Uploads what the file holds now and waits for it (at most a few seconds; the upload goes on after that). */
  flush(): Promise<void>;
  /** The writer closed: one last upload if the file grew, then nothing more. Never throws. */
  finish(): void;
}

/**
 * Task logs kept under `--logs-prefix` as Airflow's S3 remote logging keeps them: each attempt's file at
 * `remote_base_log_folder/<log_filename_template>`. Airflow 2 uploads the file when the task ends (the
 * webserver reads a running task's log from its worker's log server); here the running agent also uploads
 * the grown file every {@link LIVE_UPLOAD_MS}, so any agent reads any log, live, from S3 alone. A failed upload
 * is a warning in the agent's log with Airflow's text, never a task failure; the local file stays as written.
 */
export class S3TaskLogs {
  readonly #o: S3TaskLogsOptions;
  readonly #logsDir: string;
  readonly #pending = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(opts: S3TaskLogsOptions) {
    this.#o = opts;
    this.#logsDir = join(opts.stateDir, 'logs');
  }

  /** `s3://bucket/prefix/` */
  get url(): string {
    return this.#o.target.url;
  }

  /** The attempt log's path under the logs folder, `/`-separated (the rendered `log_filename_template`). */
  relativePath(localPath: string): string {
    return relative(this.#logsDir, localPath).split(sep).join('/');
  }

  key(relativePath: string): string {
    return this.#o.target.prefix + relativePath;
  }

  urlOf(relativePath: string): string {
    return `s3://${this.#o.target.bucket}/${this.key(relativePath)}`;
  }

  /**
   * Lists the prefix once: a missing bucket or missing permissions fail the start with the S3 URL and what the
   * credentials need, not the first task's upload.
   */
  async check(): Promise<void> {
    const { bucket, prefix } = this.#o.target;
    try {
      await this.#o.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    } catch (e) {
      throw logsPrefixError(e, this.#o.target, this.#o.endpointUrl ?? null);
    }
  }

  /**
   * Starts keeping the attempt log at `localPath` in S3. When the local file is missing or empty and S3 holds
   * the attempt's log (the attempt started on another agent and resumes here after deferral), that log is
   * copied down first, so the writer appends to it, as Airflow's S3 handler appends to the remote log.
   */
  async follow(localPath: string): Promise<AttemptLogUpload> {
    const rel = this.relativePath(localPath);
    const url = this.urlOf(rel);
    const size = await stat(localPath).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0) {
      try {
        const remote = await this.readRange(rel, 0);
        if (remote && remote.bytes.length > 0) {
          await mkdir(dirname(localPath), { recursive: true });
          await writeFile(localPath, remote.bytes);
        }
      } catch (e) {
        // The attempt runs anyway; its log then starts here, as when Airflow cannot read the old remote log.
        this.#o.log.warn({ s3Key: url, err: errorMessage(e) }, 'Could not verify previous log to append');
      }
    }
    return this.watch(localPath);
  }

  /** Keeps the attempt log at `localPath` in S3 as it grows, without copying an earlier remote log down first. */
  watch(localPath: string): AttemptLogUpload {
    const url = this.urlOf(this.relativePath(localPath));
    return new FileUpload(this, localPath, url, this.#o.liveUploadMs ?? LIVE_UPLOAD_MS);
  }

  /** Waits for the last uploads of attempts that finished (the agent stops after them). */
  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers.clear();
    await Promise.allSettled([...this.#pending]);
  }

  /** Whether S3 holds the attempt's log; throws S3_UNREACHABLE (Airflow's "Could not read logs" text) when S3 fails. */
  async exists(relativePath: string): Promise<boolean> {
    try {
      await this.#o.client.send(new HeadObjectCommand({ Bucket: this.#o.target.bucket, Key: this.key(relativePath) }));
      return true;
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (name === 'NotFound' || name === 'NoSuchKey' || httpStatus(e) === 404) return false;
      throw this.#readError(relativePath, e);
    }
  }

  #readError(relativePath: string, e: unknown): AgentError {
    return new AgentError(
      'S3_UNREACHABLE',
      `Could not read logs from ${this.urlOf(relativePath)} with error: ${errorMessage(e)}`,
      { cause: e },
    );
  }

  /** Bytes of the attempt's log from `from` (at most `maxBytes`), or null when S3 has no such log. */
  async readRange(relativePath: string, from: number, maxBytes?: number): Promise<RemoteRange | null> {
    const start = Math.max(0, from);
    const range = maxBytes === undefined ? `bytes=${start}-` : `bytes=${start}-${start + Math.max(1, maxBytes) - 1}`;
    try {
      const r = await this.#o.client.send(
        new GetObjectCommand({ Bucket: this.#o.target.bucket, Key: this.key(relativePath), Range: range }),
      );
      const bytes = Buffer.from(await r.Body!.transformToByteArray());
      const total = /\/(\d+)$/.exec(r.ContentRange ?? '')?.[1];
      return { bytes, size: total === undefined ? start + bytes.length : Number(total) };
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (name === 'NoSuchKey' || httpStatus(e) === 404) return null;
      // Past the end (S3's 416 InvalidRange): the object exists and has nothing from there.
      if (name === 'InvalidRange' || httpStatus(e) === 416) return { bytes: Buffer.alloc(0), size: start };
      throw this.#readError(relativePath, e);
    }
  }

  /** The attempt's log from byte `from` as a stream, or null when S3 has no such log. */
  async stream(relativePath: string, from: number): Promise<Readable | null> {
    try {
      const r = await this.#o.client.send(
        new GetObjectCommand({
          Bucket: this.#o.target.bucket,
          Key: this.key(relativePath),
          ...(from > 0 ? { Range: `bytes=${from}-` } : {}),
        }),
      );
      return r.Body as Readable;
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (name === 'NoSuchKey' || httpStatus(e) === 404) return null;
      if (name === 'InvalidRange' || httpStatus(e) === 416) return null;
      throw this.#readError(relativePath, e);
    }
  }

  /**
   * One PUT of the file's first `size` bytes, streamed (a log may be 100 MiB), retried once as Airflow's
   * `s3_write` does; false (and a warning, when `warn`) when it failed.
   */
  async upload(localPath: string, url: string, size: number, warn: boolean): Promise<boolean> {
    const key = this.key(this.relativePath(localPath));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const body = size === 0 ? '' : createReadStream(localPath, { start: 0, end: size - 1 });
        await this.#o.client.send(
          new PutObjectCommand({ Bucket: this.#o.target.bucket, Key: key, Body: body, ContentLength: size }),
        );
        return true;
      } catch (e) {
        if (!warn) continue;
        if (attempt === 0) this.#o.log.warn({ s3Key: url }, `Failed attempt to write logs to ${url}, will retry`);
        else this.#o.log.warn({ s3Key: url, err: errorMessage(e) }, `Could not write logs to ${url}`);
      }
    }
    return false;
  }

  /** Keeps `work` until it settles, so close() waits for it. */
  track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  every(ms: number, tick: () => void): NodeJS.Timeout {
    const t = setInterval(tick, ms);
    t.unref();
    this.#timers.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout): void {
    clearInterval(t);
    this.#timers.delete(t);
  }
}

/** The upload of one attempt's file: one PUT at a time, and only when the file grew since the last one. */
class FileUpload implements AttemptLogUpload {
  readonly url: string;
  readonly #logs: S3TaskLogs;
  readonly #path: string;
  readonly #timer: NodeJS.Timeout;
  #chain: Promise<void> = Promise.resolve();
  #busy = false;
  #uploadedSize = -1;
  /** A failing live upload warns once per attempt; the last one always does. */
  #warned = false;
  #finished = false;

  constructor(logs: S3TaskLogs, path: string, url: string, everyMs: number) {
    this.#logs = logs;
    this.#path = path;
    this.url = url;
    this.#timer = logs.every(everyMs, () => {
      if (!this.#busy) void this.#enqueue(false);
    });
  }

  async flush(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FLUSH_WAIT_MS);
    });
    await Promise.race([this.#enqueue(true), waited]);
    clearTimeout(timer);
  }

  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#logs.cancel(this.#timer);
    this.#logs.track(this.#enqueue(true));
  }

  #enqueue(last: boolean): Promise<void> {
    this.#busy = true;
    this.#chain = this.#chain.then(async () => {
      try {
        const size = await stat(this.#path).then(
          (s) => s.size,
          () => -1,
        );
        if (size < 0 || size === this.#uploadedSize) return;
        const warn = last || !this.#warned;
        const ok = await this.#logs.upload(this.#path, this.url, size, warn);
        if (ok) this.#uploadedSize = size;
        else this.#warned = true;
      } finally {
        this.#busy = false;
      }
    });
    return this.#chain;
  }
}

/** `--logs-prefix`'s bucket cannot be listed: a catalogued error naming the URL and what is needed. */
function logsPrefixError(e: unknown, target: LogsPrefix, endpoint: string | null): AgentError {
  const where = `--logs-prefix ${target.url}${endpoint ? ` at ${endpoint}` : ''}`;
  const name = (e as { name?: string })?.name ?? '';
  const status = httpStatus(e);
  const detail = errorMessage(e) || name;
  if (name === 'NoSuchBucket' || status === 404)
    return new AgentError(
      'S3_BUCKET_NOT_FOUND',
      `${where}: bucket ${target.bucket} does not exist (${detail}); create it or give an existing bucket`,
      { cause: e },
    );
  if (name === 'AccessDenied' || status === 403)
    return new AgentError(
      'S3_ACCESS_DENIED',
      `${where}: access denied; task logs need s3:ListBucket on ${target.bucket} and s3:GetObject and s3:PutObject on ${target.prefix}* (${detail})`,
      { cause: e },
    );
  const code = (e as NodeJS.ErrnoException)?.code;
  return new AgentError('S3_UNREACHABLE', `${where}: ${code ? `${code} ` : ''}${detail}`, { cause: e });
}
