import { parentPort, workerData } from 'node:worker_threads';
import type { DiscoveredFile } from './dag-discovery.js';
import { parseDiscoveredFile } from './dag-folder-parser.js';
import type { DagParseOptions } from './dag-file-parser.js';
import type { ParseLimits } from './parse-budget.js';
import { pythonParser } from '../python/eval/python-parser.js';

/** A file to read, from the agent's main thread. */
export interface ParseRequest {
  id: number;
  file: DiscoveredFile;
  /** The parse time (`days_ago()`), ms since the epoch. */
  nowMs: number;
  limits: ParseLimits;
  /** The emulated Airflow version, whose DAG-file facts apply. */
  airflowVersion?: string;
  /** The emulated Airflow's `[scheduler] catchup_by_default`. */
  catchupByDefault?: boolean;
  maxActiveRunsPerDag?: number;
  maxActiveTasksPerDag?: number;
  /** The DAG and plugins folders, whose modules the reader follows into. */
  modulePaths?: readonly string[];
  /** The emulated Airflow's `[scheduler] create_cron_data_intervals`. */
  createCronDataIntervals?: boolean;
  /** Changes when the module availability changes: cached answers are dropped. */
  modulesGeneration: number;
  /** What `Variable.get` finds at this parse (see DagParseOptions.variables). */
  variables?: DagParseOptions['variables'];
  pythonVersion?: string;
  tracebackDepth?: number;
}

/** What the worker sends: a parse result, or a synchronous question about a module. */
export type WorkerMessage =
  | { type: 'result'; id: number; result: Awaited<ReturnType<typeof parseDiscoveredFile>> }
  | { type: 'failed'; id: number; message: string }
  | { type: 'module'; module: string };

/**
 * The DAG-file reader's worker thread: it parses and evaluates one file at a time, so a file that takes long
 * (a 10 MB literal, a huge comprehension) never holds the agent's event loop, and a runaway file can be
 * ended by terminating the thread. Module availability is asked of the main thread synchronously: the
 * answer is written into shared memory while this thread waits on it.
 *
 * `beforeFirstResult` runs once, after the first file is read and before its result is sent (the built thread
 * stores its code cache then: the code the reading compiled is in it, and the thread is not yet being ended).
 */
export function serveParseRequests(beforeFirstResult?: () => void): void {
  // Tree-sitter's WASM loads while the main thread prepares the first request (a failure shows at that parse).
  pythonParser().catch(() => undefined);
  let first = beforeFirstResult;
  const port = parentPort!;
  const answer = new Int32Array(workerData.answer as SharedArrayBuffer);
  const cache = new Map<string, boolean>();
  let generation = -1;
  const isModuleAvailable = (module: string): boolean => {
    const known = cache.get(module);
    if (known !== undefined) return known;
    Atomics.store(answer, 0, 0);
    port.postMessage({ type: 'module', module } satisfies WorkerMessage);
    // The main thread answers at once; a main thread that cannot answer in 10 s counts the module as present.
    const waited = Atomics.wait(answer, 0, 0, 10_000);
    const available = waited === 'timed-out' ? true : Atomics.load(answer, 1) === 1;
    cache.set(module, available);
    return available;
  };
  port.on('message', (req: ParseRequest) => {
    if (req.modulesGeneration !== generation) {
      cache.clear();
      generation = req.modulesGeneration;
    }
    // Structured clone turns the Buffer into a plain Uint8Array.
    const content = req.file.content;
    const file = content
      ? { ...req.file, content: Buffer.from(content.buffer, content.byteOffset, content.length) }
      : req.file;
    parseDiscoveredFile(file, {
      isModuleAvailable,
      clock: { now: () => new Date(req.nowMs) },
      limits: req.limits,
      airflowVersion: req.airflowVersion,
      catchupByDefault: req.catchupByDefault,
      maxActiveRunsPerDag: req.maxActiveRunsPerDag,
      maxActiveTasksPerDag: req.maxActiveTasksPerDag,
      modulePaths: req.modulePaths,
      createCronDataIntervals: req.createCronDataIntervals,
      variables: req.variables,
      pythonVersion: req.pythonVersion,
      tracebackDepth: req.tracebackDepth,
    }).then(
      (result) => {
        try {
          first?.();
        } catch {
          // a cache not stored: the result is what matters
        }
        first = undefined;
        port.postMessage({ type: 'result', id: req.id, result } satisfies WorkerMessage);
      },
      (e: unknown) =>
        port.postMessage({
          type: 'failed',
          id: req.id,
          message: (e as Error)?.message ?? String(e),
        } satisfies WorkerMessage),
    );
  });
}
