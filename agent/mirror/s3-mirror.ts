import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { AgentError, errorMessage } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { removeLeftoverTemps } from './local-scan.js';
import { ManifestStore } from './manifest-store.js';
import { writeMirrorStatus, type MirrorStatus } from './mirror-status.js';
import { MirrorWarnings } from './mirror-warnings.js';
import { BucketFileSync } from './bucket-file-sync.js';
import { PluginsSync } from './plugins-sync.js';
import { toS3Error } from './s3-errors.js';
import { S3EventListener } from './s3-event-listener.js';
import { createS3Client, createSqsClient } from './s3-clients.js';
import { syncFromListing } from './listing-sync.js';
import { keyRanges, PAGE_SIZE, s3ListPage, type ListPage } from './ranged-listing.js';
import { headObject } from './s3-lister.js';
import { executePlan, type ExecutionResult } from './sync-executor.js';
import type { ManifestEntry, PlannedDownload, RemoteObject } from './sync-plan.js';
import { planSync } from './sync-planner.js';
import { SyncProgress, type ProgressTerminal } from './sync-progress.js';

/** Construction options of {@link S3Mirror}; the CLI maps `Config` onto these. */
export interface S3MirrorOptions {
  bucket: string;
  /** Custom endpoint (LocalStack, MinIO); null for AWS. */
  endpointUrl: string | null;
  region: string;
  /** Key prefix mirrored into `dagsDir`, e.g. `dags/`. */
  prefix: string;
  dagsDir: string;
  /** Key of requirements.txt in the bucket (outside the prefix); null to not mirror it. */
  requirementsKey: string | null;
  /** Where the bucket's requirements.txt is written, e.g. `<requirementsDir>/requirements.txt`. */
  requirementsFile: string | null;
  /** S3 VersionId of requirements.txt to pin; null follows the latest. */
  requirementsVersion: string | null;
  /** Key of plugins.zip (outside the prefix), unpacked into `pluginsDir`; null to not mirror it. */
  pluginsKey?: string | null;
  pluginsVersion?: string | null;
  pluginsDir?: string;
  /** Key of the startup script, written to `startupScriptFile`; null to not mirror it. */
  startupScriptKey?: string | null;
  startupScriptVersion?: string | null;
  startupScriptFile?: string;
  stateDir: string;
  pollIntervalMs: number;
  downloadConcurrency: number;
  /** Bytes; larger objects are skipped with a WARN and an older local copy is kept. */
  maxObjectSize: number;
  /** SQS queue with the bucket's S3 event notifications (instant path); null to poll only. */
  sqsQueueUrl: string | null;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Terminal for the progress bar (e.g. process.stderr); without a TTY, progress goes to the log. */
  progressTerminal?: ProgressTerminal;
  /** Jitter source (tests inject a fixed one). */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Long-poll wait of each SQS ReceiveMessage, seconds (default 20). */
  sqsWaitSeconds?: number;
  /** Static credentials (LocalStack); otherwise the SDK's default chain (env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Ranges of the key space listed at once. Default: 8 against AWS (S3 serves parallel listings at full
   * speed), 1 against a custom endpoint (LocalStack lists in one Python process, so parallel pages only queue
   * there and arrive later together; one after another they reach the planner sooner).
   */
  listConcurrency?: number;
  /** Keys per listing page and per parallel range (default 1,000, the S3 maximum; tests use small pages). */
  listPageSize?: number;
  /** One ListObjectsV2 request (a seam for tests that fail a chosen page); default the real request. */
  listPage?: ListPage;
  /** Pre-built clients (tests, or sharing with other stages). */
  s3Client?: S3Client;
  sqsClient?: SQSClient;
}

/** What one sync cycle did. */
export interface SyncSummary {
  added: number;
  updated: number;
  deleted: number;
  /** Keys refused, too large or in a file/folder conflict. */
  skipped: number;
  /** Files that could not be written (disk full, permission denied); their old copies stay. */
  failed: number;
  unchanged: number;
  /** Files mirrored after the cycle, and their total size. */
  objects: number;
  bytes: number;
  durationMs: number;
  /** Relative to the DAG folder. */
  changedPaths: string[];
  requirementsChanged: boolean;
  pluginsChanged: boolean;
  startupScriptChanged: boolean;
}

/** What changed among the environment's files outside the DAG prefix in one cycle. */
interface EnvironmentFilesChange {
  requirementsChanged: boolean;
  pluginsChanged: boolean;
  startupScriptChanged: boolean;
}

const NO_FILE_CHANGE: EnvironmentFilesChange = {
  requirementsChanged: false,
  pluginsChanged: false,
  startupScriptChanged: false,
};

/** An environment file the mirror keeps, and its sync. */
interface EnvironmentFile {
  what: 'requirements' | 'plugins' | 'startupScript';
  key: string;
  sync: { sync(): Promise<boolean> };
}

/** Parallel listing ranges against AWS S3. */
const AWS_LIST_CONCURRENCY = 8;

/** Errors of one environment file that keep its last copy and let the mirror go on. */
const FILE_ERROR_CODES = new Set(['S3_VERSION_NOT_FOUND', 'S3_OBJECT_TOO_LARGE', 'PLUGINS_INVALID']);

/**
 * Mirrors `s3://bucket/prefix` into the DAG folder: polls a complete listing, downloads new and changed
 * objects atomically, deletes what vanished (only after a complete listing), keeps the last mirror while S3
 * is unreachable and retries with jittered backoff, logging once per state change.
 */
export class S3Mirror extends LifecycleService {
  readonly #o: S3MirrorOptions;
  readonly #s3: S3Client;
  readonly #sqs: SQSClient | null;
  readonly #store: ManifestStore;
  readonly #files: EnvironmentFile[];
  readonly #warnings: MirrorWarnings;
  readonly #abort = new AbortController();
  readonly #listPage: ListPage;
  readonly #listConcurrency: number;
  #manifest: Map<string, ManifestEntry> | null = null;
  /** Keys of the last complete listing, in S3 order: where the next walk cuts its parallel ranges. */
  #listedKeys: string[] | null = null;
  #verifiedLocal = false;
  #queue: Promise<unknown> = Promise.resolve();
  #wake: AbortController | null = null;
  #loops: Promise<void> = Promise.resolve();
  #nextRetryMs = 0;
  #status: MirrorStatus;
  #firstCycleDone: () => void = () => undefined;
  /** Settles once the first full cycle has ended, whether it succeeded or not (the app waits for it). */
  readonly firstCycle: Promise<void> = new Promise((resolve) => {
    this.#firstCycleDone = resolve;
  });

  constructor(opts: S3MirrorOptions) {
    super();
    this.#o = opts;
    const clientOpts = {
      region: opts.region,
      endpointUrl: opts.endpointUrl,
      maxSockets: opts.downloadConcurrency + 4,
      credentials: opts.credentials,
    };
    this.#s3 = opts.s3Client ?? createS3Client(clientOpts);
    this.#listPage = opts.listPage ?? s3ListPage(this.#s3, opts.listPageSize ?? PAGE_SIZE);
    this.#listConcurrency = opts.listConcurrency ?? (opts.endpointUrl === null ? AWS_LIST_CONCURRENCY : 1);
    this.#sqs = opts.sqsQueueUrl ? (opts.sqsClient ?? createSqsClient(clientOpts)) : null;
    this.#store = new ManifestStore(opts.stateDir, `s3://${opts.bucket}/${opts.prefix}`);
    this.#files = this.#environmentFiles(opts);
    this.#warnings = new MirrorWarnings(opts.log);
    this.#status = {
      source: `s3://${opts.bucket}/${opts.prefix}`,
      state: 'starting',
      lastSuccessfulSync: null,
      lastAttempt: null,
      objects: 0,
      bytes: 0,
      lastError: null,
      lastErrorCode: null,
      consecutiveFailures: 0,
      skipped: 0,
      failedFiles: 0,
      requirementsError: null,
      pluginsError: null,
      startupScriptError: null,
    };
  }

  #environmentFiles(opts: S3MirrorOptions): EnvironmentFile[] {
    const files: EnvironmentFile[] = [];
    const common = { client: this.#s3, bucket: opts.bucket };
    if (opts.requirementsKey && opts.requirementsFile) {
      const sync = new BucketFileSync({
        ...common,
        key: opts.requirementsKey,
        file: opts.requirementsFile,
        versionId: opts.requirementsVersion,
        stateFile: join(opts.stateDir, 'mirror-requirements.json'),
        mode: 0o644,
        maxBytes: opts.maxObjectSize,
      });
      files.push({ what: 'requirements', sync, key: opts.requirementsKey });
    }
    if (opts.pluginsKey && opts.pluginsDir) {
      const sync = new PluginsSync({
        ...common,
        key: opts.pluginsKey,
        versionId: opts.pluginsVersion ?? null,
        pluginsDir: opts.pluginsDir,
        stateDir: opts.stateDir,
        maxBytes: opts.maxObjectSize,
      });
      files.push({ what: 'plugins', sync, key: opts.pluginsKey });
    }
    if (opts.startupScriptKey && opts.startupScriptFile) {
      const sync = new BucketFileSync({
        ...common,
        key: opts.startupScriptKey,
        file: opts.startupScriptFile,
        versionId: opts.startupScriptVersion ?? null,
        stateFile: join(opts.stateDir, 'mirror-startup-script.json'),
        mode: 0o600,
        maxBytes: opts.maxObjectSize,
      });
      files.push({ what: 'startupScript', sync, key: opts.startupScriptKey });
    }
    return files;
  }

  /** Cleans leftover temporaries, then polls until {@link stop}. */
  protected async onStart(): Promise<void> {
    await this.#prepare();
    const loops = [this.#pollLoop()];
    if (this.#sqs && this.#o.sqsQueueUrl) loops.push(this.#eventLoop(this.#sqs, this.#o.sqsQueueUrl));
    this.#loops = Promise.all(loops).then(() => undefined);
  }

  /** Stops polling, waits for the running cycle, writes the final status. */
  protected async onStop(): Promise<void> {
    this.#abort.abort(new Error('mirror stopped'));
    this.#firstCycleDone();
    this.#wake?.abort();
    await this.#loops;
    await this.#queue.catch(() => undefined);
    if (this.#status.state !== 'stopped') {
      this.#status.state = 'stopped';
      await writeMirrorStatus(this.#o.stateDir, this.#status).catch(() => undefined);
    }
    if (!this.#o.s3Client) this.#s3.destroy();
    if (this.#sqs && !this.#o.sqsClient) this.#sqs.destroy();
  }

  /** A copy of the current sync state (what `mwaa-agent status` shows). */
  status(): MirrorStatus {
    return { ...this.#status };
  }

  /** One full cycle (listing, plan, downloads, deletes, requirements); rejects with an AgentError on failure. */
  syncOnce(): Promise<SyncSummary> {
    return this.#serialized(() => this.#recordedFullCycle());
  }

  async #prepare(): Promise<void> {
    await mkdir(this.#o.dagsDir, { recursive: true });
    await mkdir(this.#o.stateDir, { recursive: true });
    let removed = await removeLeftoverTemps(this.#o.dagsDir);
    if (this.#o.requirementsFile) {
      await mkdir(dirname(this.#o.requirementsFile), { recursive: true });
      removed += await removeLeftoverTemps(dirname(this.#o.requirementsFile));
    }
    if (this.#o.pluginsDir) removed += await removeLeftoverTemps(dirname(this.#o.pluginsDir));
    if (removed > 0)
      this.#o.log.info({ count: removed }, `removed ${removed} temporary file(s) left by an interrupted sync`);
  }

  async #pollLoop(): Promise<void> {
    const { clock } = this.#o;
    while (!this.#abort.signal.aborted) {
      const cycleStart = clock.now().getTime();
      await this.syncOnce().catch(() => undefined);
      this.#firstCycleDone();
      if (this.#abort.signal.aborted) break;
      // Polls start at a fixed rate (a slow listing does not stretch the interval); retries wait from the failure.
      const next =
        this.#status.consecutiveFailures > 0
          ? clock.now().getTime() + this.#nextRetryMs
          : cycleStart + this.#o.pollIntervalMs;
      this.#wake = new AbortController();
      const signal = AbortSignal.any([this.#abort.signal, this.#wake.signal]);
      await clock.sleepUntil(new Date(next), signal).catch(() => undefined);
    }
  }

  async #eventLoop(client: SQSClient, queueUrl: string): Promise<void> {
    const listener = new S3EventListener({
      client,
      queueUrl,
      bucket: this.#o.bucket,
      prefix: this.#o.prefix,
      clock: this.#o.clock,
      log: this.#o.log,
      random: this.#o.random,
      waitSeconds: this.#o.sqsWaitSeconds,
      onKeys: (keys) => this.#serialized(() => this.#keysCycle(keys)).catch(() => this.#wake?.abort()),
    });
    await listener.run(this.#abort.signal);
  }

  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #retryDelay(failures: number): number {
    return backoffDelayMs(failures, this.#o.random ?? Math.random, this.#o.backoff ?? DEFAULT_BACKOFF);
  }

  async #recordedFullCycle(): Promise<SyncSummary> {
    const started = this.#o.clock.now();
    this.#status.lastAttempt = started.toISOString();
    try {
      const { summary, unannounced } = await this.#fullCycle(started);
      this.#recordSuccess(summary, { eventPaths: unannounced });
      return summary;
    } catch (e) {
      const err = toS3Error(e, this.#o.bucket, this.#o.prefix, this.#o.endpointUrl);
      this.#recordFailure(err);
      throw err;
    } finally {
      await writeMirrorStatus(this.#o.stateDir, this.#status).catch((e: unknown) => {
        this.#o.log.debug({ err: errorMessage(e) }, 'could not write mirror-status.json');
      });
    }
  }

  /** One poll; `unannounced` are the changed paths not already sent in a `sync:written`. */
  async #fullCycle(started: Date): Promise<{ summary: SyncSummary; unannounced: string[] }> {
    const { bucket, prefix } = this.#o;
    const manifest = (this.#manifest ??= await this.#store.load());
    // Steady state only: during the first cycle the app waits for the whole mirror, not for pages of it.
    const announce = this.#listedKeys !== null;
    const progress = new SyncProgress({
      total: 0,
      log: this.#o.log,
      clock: this.#o.clock,
      terminal: this.#o.progressTerminal,
    });
    const result = await syncFromListing({
      listPage: this.#listPage,
      bucket,
      prefix,
      ranges: keyRanges(this.#listedKeys ?? [], this.#o.listPageSize ?? PAGE_SIZE),
      listConcurrency: this.#listConcurrency,
      maxObjectSize: this.#o.maxObjectSize,
      verifyLocal: !this.#verifiedLocal,
      execute: {
        client: this.#s3,
        bucket,
        dagsDir: this.#o.dagsDir,
        concurrency: this.#o.downloadConcurrency,
        manifest,
        onDownloaded: (bytes) => progress.tick(bytes),
        checkpoint: () => this.#store.save(manifest),
      },
      onPlanned: (n) => progress.grow(n),
      onEarlyLanded: announce ? (landed) => this.#announce(landed) : undefined,
    });
    progress.finish();
    const early = result.early;
    if ('error' in result) {
      if (early.added + early.updated > 0) await this.#store.save(manifest);
      throw result.error;
    }
    const { plan, exec } = result;
    this.#listedKeys = result.objects.map((o) => o.key);
    this.#warnings.skips(plan.skips, this.#o.maxObjectSize);
    const touched =
      early.added +
      early.updated +
      exec.added +
      exec.updated +
      exec.deleted +
      plan.adopted.length +
      plan.folders.length;
    if (touched > 0) await this.#store.save(manifest);
    this.#warnings.fileFailures(exec.fileFailures);
    this.#warnings.symlinks(exec.symlinkRefusals);
    if (exec.s3Error !== undefined) throw exec.s3Error;
    this.#verifiedLocal = true;
    const files = await this.#syncEnvironmentFiles();
    const merged: ExecutionResult = {
      ...exec,
      added: early.added + exec.added,
      updated: early.updated + exec.updated,
      changedPaths: [...early.changedPaths, ...exec.changedPaths],
    };
    const unchanged = plan.unchanged - early.added - early.updated;
    const summary = this.#summarize(plan.skips.length + exec.symlinkRefusals.length, merged, unchanged, started, files);
    // Paths written early in a steady-state poll were announced as they landed.
    return { summary, unannounced: announce ? exec.changedPaths : summary.changedPaths };
  }

  /** Emits `sync:written` for files a poll wrote before its listing was complete (deletes wait for the end). */
  #announce(landed: readonly PlannedDownload[]): void {
    const added = landed.filter((d) => d.reason === 'new').length;
    this.#o.events.emit('sync:written', {
      added,
      updated: landed.length - added,
      changedPaths: landed.map((d) => d.path),
    });
  }

  /** SQS instant path: fetch the named keys now; a vanished key wakes a full cycle (deletes need a full listing). */
  async #keysCycle(keys: string[]): Promise<void> {
    const started = this.#o.clock.now();
    const manifest = (this.#manifest ??= await this.#store.load());
    const found = await Promise.all(keys.map((k) => headObject(this.#s3, this.#o.bucket, k)));
    const objects = found.filter((o): o is RemoteObject => o !== null);
    if (objects.length < keys.length) this.#wake?.abort();
    const plan = planSync({
      objects,
      manifest,
      prefix: this.#o.prefix,
      maxObjectSize: this.#o.maxObjectSize,
      scope: new Set(objects.map((o) => o.key)),
    });
    this.#warnings.skips(plan.skips, this.#o.maxObjectSize, { partial: true });
    const exec = await executePlan(plan, {
      client: this.#s3,
      bucket: this.#o.bucket,
      dagsDir: this.#o.dagsDir,
      concurrency: this.#o.downloadConcurrency,
      manifest,
      keepFolders: new Set(),
    });
    if (exec.added + exec.updated + plan.folders.length > 0) await this.#store.save(manifest);
    this.#warnings.fileFailures(exec.fileFailures, { partial: true });
    this.#warnings.symlinks(exec.symlinkRefusals, { partial: true });
    if (exec.s3Error !== undefined) throw exec.s3Error;
    if (exec.added + exec.updated > 0)
      this.#recordSuccess(this.#summarize(plan.skips.length, exec, plan.unchanged, started, NO_FILE_CHANGE), {
        partial: true,
      });
  }

  /** requirements.txt, plugins.zip and the startup script; an error of one keeps its last copy and is reported. */
  async #syncEnvironmentFiles(): Promise<EnvironmentFilesChange> {
    const change = { ...NO_FILE_CHANGE };
    for (const file of this.#files) {
      const field = `${file.what}Error` as const;
      try {
        const changed = await file.sync.sync();
        if (this.#status[field]) this.#o.log.info({ s3Key: file.key }, `${file.key} applied again`);
        this.#status[field] = null;
        change[`${file.what}Changed`] = changed;
      } catch (e) {
        if (!(e instanceof AgentError) || !FILE_ERROR_CODES.has(e.code)) throw e;
        if (this.#status[field] !== e.message) this.#o.log.error({ s3Key: file.key, code: e.code }, e.message);
        this.#status[field] = e.message;
      }
    }
    return change;
  }

  #summarize(
    skipped: number,
    exec: Awaited<ReturnType<typeof executePlan>>,
    unchanged: number,
    started: Date,
    files: EnvironmentFilesChange,
  ): SyncSummary {
    let objects = 0;
    let bytes = 0;
    for (const e of this.#manifest!.values()) {
      if (e.kind !== 'file') continue;
      objects++;
      bytes += e.size;
    }
    const durationMs = this.#o.clock.now().getTime() - started.getTime();
    return {
      added: exec.added,
      updated: exec.updated,
      deleted: exec.deleted,
      skipped,
      failed: exec.fileFailures.length,
      unchanged,
      objects,
      bytes,
      durationMs,
      changedPaths: exec.changedPaths,
      ...files,
    };
  }

  #recordSuccess(s: SyncSummary, opts: { partial?: boolean; eventPaths?: string[] } = {}): void {
    const { log } = this.#o;
    if (!opts.partial) {
      if (this.#status.consecutiveFailures > 0) {
        log.info(
          { bucket: this.#o.bucket, attempts: this.#status.consecutiveFailures },
          `S3 reachable again after ${this.#status.consecutiveFailures} failed attempt(s); mirror in sync`,
        );
      }
      this.#status.lastSuccessfulSync = this.#o.clock.now().toISOString();
      this.#status.consecutiveFailures = 0;
      this.#status.lastError = null;
      this.#status.lastErrorCode = null;
      this.#status.skipped = s.skipped;
      this.#status.failedFiles = s.failed;
    }
    this.#status.state = 'idle';
    this.#status.objects = s.objects;
    this.#status.bytes = s.bytes;
    if (s.added + s.updated + s.deleted + s.failed > 0 || s.requirementsChanged || s.pluginsChanged) {
      log.info(
        {
          added: s.added,
          updated: s.updated,
          deleted: s.deleted,
          skipped: s.skipped,
          failed: s.failed,
          durationMs: s.durationMs,
        },
        `sync: ${s.added} added, ${s.updated} updated, ${s.deleted} deleted, ${s.skipped} skipped, ${s.failed} failed in ${s.durationMs} ms`,
      );
    }
    this.#o.events.emit('sync:completed', {
      added: s.added,
      updated: s.updated,
      deleted: s.deleted,
      skipped: s.skipped,
      objects: s.objects,
      bytes: s.bytes,
      durationMs: s.durationMs,
      changedPaths: opts.eventPaths ?? s.changedPaths,
      requirementsChanged: s.requirementsChanged,
      pluginsChanged: s.pluginsChanged,
      startupScriptChanged: s.startupScriptChanged,
    });
  }

  #recordFailure(err: AgentError): void {
    const first = this.#status.consecutiveFailures === 0;
    const changed = this.#status.lastErrorCode !== err.code;
    this.#status.consecutiveFailures++;
    this.#status.state = 'failing';
    this.#status.lastError = err.message;
    this.#status.lastErrorCode = err.code;
    const attempt = this.#status.consecutiveFailures;
    const nextRetryMs = (this.#nextRetryMs = this.#retryDelay(attempt));
    if (first || changed) {
      this.#o.log.warn(
        { bucket: this.#o.bucket, code: err.code },
        `${err.message}; keeping the last mirror and retrying with backoff`,
      );
    }
    this.#o.events.emit('sync:failed', { error: err.message, code: err.code, attempt, nextRetryMs });
  }
}
