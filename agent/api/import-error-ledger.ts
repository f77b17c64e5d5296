import type { DagImportError } from '../dags/dag-model.js';
import { apiDate } from './api-date.js';

/** Airflow's ImportError row as the API shows it. */
export interface ImportErrorJson {
  import_error_id: number;
  timestamp: string | null;
  filename: string;
  stack_trace: string;
}

/**
 * Gives the parser's import errors what Airflow's `import_error` table gives them: an id that stays the same
 * while the error does, and the time it was first recorded (not the time of the request). An error that
 * changes (new message, new line) is a new row with a new id, as when Airflow's processor rewrites it.
 */
export class ImportErrorLedger {
  #rows = new Map<string, ImportErrorJson>();
  #nextId = 1;

  constructor(private readonly dagsDir: string) {}

  /** The current errors, oldest id first; rows for errors that are gone are dropped. */
  current(errors: readonly DagImportError[], now: Date): ImportErrorJson[] {
    const next = new Map<string, ImportErrorJson>();
    for (const e of errors) {
      const stack =
        e.stackTrace ??
        (e.line ? `${e.message}\n  (at ${e.filename}:${e.line}${e.column ? `:${e.column}` : ''})` : e.message);
      const key = `${e.filename}\0${stack}`;
      const row = this.#rows.get(key) ??
        next.get(key) ?? {
          import_error_id: this.#nextId++,
          timestamp: apiDate(now.toISOString()),
          filename: `${this.dagsDir}/${e.filename}`,
          stack_trace: stack,
        };
      next.set(key, row);
    }
    this.#rows = next;
    return [...next.values()].sort((a, b) => a.import_error_id - b.import_error_id);
  }
}
