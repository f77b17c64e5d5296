import type { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from './dag-discovery.js';
import type { FileParseResult } from './dag-file-merge.js';
import type { DagParseOptions } from './dag-file-parser.js';
import { DEFAULT_PARSE_LIMITS, importTimeoutMessage, type ParseLimits, tooLargeMessage } from './parse-budget.js';
import { DEFAULT_PARSE_THREAD_HEAP_MB, type ParseThread, startParseThread } from './parse-thread.js';
import type { ParseRequest, WorkerMessage } from './parse-service.js';

export interface WorkerDagParserOptions {
  limits?: Partial<ParseLimits>;
  /** Heap of the worker thread; a file needing more fails alone. Default 512 MB. */
  maxHeapMb?: number;
  /**
   * A thread already started (`startParseThread`, before the caller's modules loaded): the reader's first thread,
   * with its heap limit and shared memory. Ignored when it has already ended.
   */
  thread?: ParseThread;
  /** Where the built reader keeps V8's code cache of its code (code-cache.ts); default none. */
  codeCacheDir?: string | null;
  /**
   * The thread ends after this long without a file to read, and the next file starts a new one: its isolate,
   * tree-sitter's compiled WASM and the reader's caches are ~20–25 MB of RSS an idle agent need not hold. A new
   * thread costs the next file ~0.2–0.6 s (this 2-core machine under load), so the default is long enough that
   * a burst of changes or the 30 s variable watch keeps one thread: 60 s.
   */
  idleMs?: number;
}

/** After the in-file timeout, the worker gets this long to report before it is ended from outside. */
const TERMINATE_GRACE_MS = 5_000;

interface Pending {
  file: DiscoveredFile;
  resolve: (r: FileParseResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * Reads DAG files in a worker thread, one at a time, with Airflow's `dagbag_import_timeout` per file. The
 * evaluator stops itself at the timeout; if the thread does not answer shortly after (tree-sitter busy with
 * a huge file, memory exhausted), it is terminated, the file gets the timeout (or memory) import error, and
 * a fresh thread reads the next file. The agent's event loop only ever waits for messages.
 */
export class WorkerDagParser {
  #limits: ParseLimits;
  readonly #maxHeapMb: number;
  readonly #codeCacheDir: string | null;
  readonly #idleMs: number;
  #idleTimer: NodeJS.Timeout | null = null;
  readonly #answer: SharedArrayBuffer;
  #started: ParseThread | null;
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 0;
  #modulesGeneration = 0;
  #isModuleAvailable: (module: string) => boolean = () => true;
  #closed = false;

  constructor(opts: WorkerDagParserOptions = {}) {
    this.#limits = { ...DEFAULT_PARSE_LIMITS, ...opts.limits };
    this.#maxHeapMb = opts.thread?.maxHeapMb ?? opts.maxHeapMb ?? DEFAULT_PARSE_THREAD_HEAP_MB;
    this.#answer = opts.thread?.answer ?? new SharedArrayBuffer(8);
    this.#codeCacheDir = opts.thread?.codeCacheDir ?? opts.codeCacheDir ?? null;
    this.#started = opts.thread ?? null;
    this.#idleMs = opts.idleMs ?? 60_000;
  }

  /**
   * Starts the thread now, so that loading its modules overlaps with the caller's own work (a CLI command that
   * reads one file would otherwise wait for it after everything else).
   */
  warm(): this {
    if (!this.#closed) this.#ensureWorker();
    return this;
  }

  /** Limits for the files read from now on (a warmed reader learns the timeout once the config is read). */
  useLimits(limits: Partial<ParseLimits>): void {
    this.#limits = { ...this.#limits, ...limits };
  }

  /** Same contract as `parseDiscoveredFile`: never rejects for a bad file. */
  parse(file: DiscoveredFile, opts: DagParseOptions): Promise<FileParseResult> {
    if (this.#closed) return Promise.resolve(failure(file, 'the DAG file reader was stopped'));
    const available = opts.isModuleAvailable ?? (() => true);
    if (available !== this.#isModuleAvailable) {
      this.#isModuleAvailable = available;
      this.#modulesGeneration++;
    }
    const size = file.content?.length ?? file.size ?? 0;
    if (size > this.#limits.maxFileBytes)
      return Promise.resolve(failure(file, tooLargeMessage(file.relativePath, size, this.#limits.maxFileBytes)));
    const id = ++this.#nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.#restart(importTimeoutMessage(file.absolutePath, this.#limits.timeoutMs), 'AirflowTaskTimeout'),
        this.#limits.timeoutMs + TERMINATE_GRACE_MS,
      );
      this.#pending.set(id, { file, resolve, timer });
      if (this.#idleTimer) clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
      const request: ParseRequest = {
        id,
        file,
        nowMs: (opts.clock?.now() ?? new Date()).getTime(),
        limits: this.#limits,
        airflowVersion: opts.airflowVersion,
        catchupByDefault: opts.catchupByDefault,
        maxActiveRunsPerDag: opts.maxActiveRunsPerDag,
        maxActiveTasksPerDag: opts.maxActiveTasksPerDag,
        modulePaths: opts.modulePaths,
        createCronDataIntervals: opts.createCronDataIntervals,
        modulesGeneration: this.#modulesGeneration,
        variables: opts.variables,
        pythonVersion: opts.pythonVersion,
        tracebackDepth: opts.tracebackDepth,
      };
      this.#ensureWorker().postMessage(request);
    });
  }

  /** Ends a stuck worker thread (the watchdog): the file being read gets Airflow's timeout error. */
  restart(): void {
    const file = [...this.#pending.values()][0]?.file;
    if (!file) return;
    this.#restart(importTimeoutMessage(file.absolutePath, this.#limits.timeoutMs), 'AirflowTaskTimeout');
  }

  /** Whether a worker thread is up (it ends after `idleMs` without a file). */
  get threadRunning(): boolean {
    return this.#worker !== null;
  }

  /** How long one file may take before the thread is ended from outside. */
  get hardTimeoutMs(): number {
    return this.#limits.timeoutMs + TERMINATE_GRACE_MS;
  }

  /** Ends the worker thread; files still being read get an import error. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#started && !this.#worker) void this.#started.worker.terminate();
    this.#started = null;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#failAll('the DAG file reader was stopped');
    const w = this.#worker;
    this.#worker = null;
    await w?.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const started = this.#started;
    this.#started = null;
    const w = (
      started && !started.exited ? started : startParseThread(this.#answer, this.#maxHeapMb, this.#codeCacheDir)
    ).worker;
    w.on('message', (m: WorkerMessage) => this.#onMessage(m));
    w.on('error', (e: Error) => {
      if (this.#worker !== w) return;
      const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#worker = null;
      this.#failAll(
        oom
          ? `reading this file needed more than ${this.#maxHeapMb} MB of memory`
          : `the DAG file reader failed: ${e.message}`,
        oom ? 'MemoryError' : undefined,
      );
    });
    w.on('exit', () => {
      if (this.#worker !== w) return;
      this.#worker = null;
      this.#failAll('the DAG file reader stopped unexpectedly');
    });
    // After the listeners: adding a 'message' listener refs the worker again. An idle reader (e.g. one warmed for
    // a command that then failed on its arguments) never keeps the process alive.
    w.unref();
    this.#worker = w;
    return w;
  }

  #onMessage(m: WorkerMessage): void {
    if (m.type === 'module') {
      const answer = new Int32Array(this.#answer);
      let available = true;
      try {
        available = this.#isModuleAvailable(m.module);
      } catch {
        // an unknown module counts as present, as in the in-process reader
      }
      Atomics.store(answer, 1, available ? 1 : 0);
      Atomics.store(answer, 0, 1);
      Atomics.notify(answer, 0);
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    clearTimeout(p.timer);
    p.resolve(m.type === 'result' ? m.result : failure(p.file, `internal error while reading the file: ${m.message}`));
    if (this.#pending.size === 0) this.#endWhenIdle();
  }

  #endWhenIdle(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      const w = this.#worker;
      if (this.#pending.size > 0 || !w) return;
      this.#worker = null;
      void w.terminate();
    }, this.#idleMs);
    this.#idleTimer.unref();
  }

  /** The thread is stuck: end it; the file being read gets `message`, the next request starts a new thread. */
  #restart(message: string, pyType: string): void {
    const w = this.#worker;
    this.#worker = null;
    this.#failAll(message, pyType);
    void w?.terminate();
  }

  #failAll(message: string, pyType?: string): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.resolve(failure(p.file, pyType ? `${pyType}: ${message}` : message));
      this.#pending.delete(id);
    }
  }
}

function failure(file: DiscoveredFile, message: string): FileParseResult {
  return {
    relativePath: file.relativePath,
    dags: [],
    importErrors: [{ filename: file.relativePath, line: null, column: null, message }],
  };
}
