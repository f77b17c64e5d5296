import type { WorkerDagParser } from '../dags/worker-dag-parser.js';

let reader: Promise<WorkerDagParser> | null = null;

/**
 * `check` spends most of its time waiting for its DAG-reading thread to start (a new V8 isolate loading the
 * reader, ~0.25 s): main.ts starts it from argv, before the CLI's own modules load, and the command adopts it.
 */
export function prestartDagReader(): void {
  reader ??= import('../dags/worker-dag-parser.js').then((m) => new m.WorkerDagParser().warm());
}

/** The reader prestartDagReader started, once; null when none was. */
export function takePrestartedDagReader(): Promise<WorkerDagParser> | null {
  const r = reader;
  reader = null;
  return r;
}
