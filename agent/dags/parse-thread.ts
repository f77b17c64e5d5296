import { Worker } from 'node:worker_threads';

/** Heap of a DAG-reading thread unless its reader says otherwise; a file needing more fails alone. */
export const DEFAULT_PARSE_THREAD_HEAP_MB = 512;

/** A started DAG-reading thread (parse-worker.ts) and the shared memory it reads module answers from. */
export interface ParseThread {
  readonly worker: Worker;
  /** Where the main thread writes its answer to the thread's synchronous module question. */
  readonly answer: SharedArrayBuffer;
  readonly maxHeapMb: number;
  /** Where the built thread keeps V8's code cache of the reader (code-cache.ts); null: none. */
  readonly codeCacheDir: string | null;
  /** Whether the thread has already ended (failed to start, or was ended) before a reader took it. */
  readonly exited: boolean;
}

/**
 * Starts a DAG-reading thread with its hard limits (the heap; the timeout is the reader's). This module loads
 * nothing but `node:worker_threads`, so the CLI can start the thread before its own modules load (prestart.ts):
 * the thread's start is most of what a one-file `check` waits for.
 *
 * The thread is unreferenced: an idle reader never keeps the process alive. Its 'error' is listened to here,
 * so a thread that fails before any reader adopts it ends quietly (`exited`); the reader sees that and starts
 * another.
 */
export function startParseThread(
  answer: SharedArrayBuffer = new SharedArrayBuffer(8),
  maxHeapMb = DEFAULT_PARSE_THREAD_HEAP_MB,
  codeCacheDir: string | null = null,
): ParseThread {
  const own = import.meta.url;
  const entry = new URL(own.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', own);
  const options = {
    workerData: { answer, entry: entry.href, codeCacheDir },
    // A deep stack, so expressions nested as deep as CPython compiles (~3,000) evaluate without overflow.
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, stackSizeMb: 16 },
  };
  // From the TypeScript sources (tests), the worker registers tsx first; the built agent runs plain JS.
  const worker = own.endsWith('.ts')
    ? new Worker(
        "import('tsx/esm/api').then((m) => { m.register(); return import(require('node:worker_threads').workerData.entry); })",
        { ...options, eval: true },
      )
    : new Worker(entry, options);
  const thread = { worker, answer, maxHeapMb, codeCacheDir, exited: false };
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    thread.exited = true;
  });
  worker.unref();
  return thread;
}
