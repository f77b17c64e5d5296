import { homedir } from 'node:os';
import { userCacheDir } from '../core/user-cache-dir.js';
import { type ParseThread, startParseThread } from '../dags/parse-thread.js';

let thread: ParseThread | null = null;

/**
 * `check` spends most of its time waiting for its DAG-reading thread to start (a new V8 isolate loading the
 * reader and tree-sitter's WASM, ~0.2 s): main.ts starts it from argv, before the CLI's own modules load, and
 * the command's reader adopts it. Only `node:worker_threads` is loaded for it, so the thread starts a few
 * milliseconds into the process.
 */
export function prestartDagReader(): void {
  thread ??= startParseThread(undefined, undefined, userCacheDir(process.env, process.platform, homedir()));
}

/** The thread prestartDagReader started, once; null when none was. */
export function takePrestartedDagReader(): ParseThread | null {
  const t = thread;
  thread = null;
  return t;
}
