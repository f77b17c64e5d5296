import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { asctimePython, asctimeTimezoneAware } from '../python/datetime-format.js';
import type { TaskLogMasker } from './task-log-masker.js';
import type { LogSource } from '../airflow/log-source.js';
import { LeveledTaskLogger, type TaskLogLevel } from './task-log.js';

/**
 * Airflow 2.3+'s `log_filename_template`: `dag_id=<d>/run_id=<r>/task_id=<t>/attempt=<n>.log` under
 * `<stateDir>/logs`. Ids are used verbatim, as Airflow does (run ids contain `:` and `+`).
 */
export function taskLogPath(stateDir: string, dagId: string, runId: string, taskId: string, attempt: number): string {
  return join(stateDir, 'logs', `dag_id=${dagId}`, `run_id=${runId}`, `task_id=${taskId}`, `attempt=${attempt}.log`);
}

/** `%(asctime)s` as the emulated version's task-log formatter prints it, in UTC (the agent's log timezone). */
export function taskLogAsctime(t: Date, profile: AirflowProfile): string {
  return profile.taskLog.asctime === 'timezone-aware' ? asctimeTimezoneAware(t) : asctimePython(t);
}

/** Where formatted lines go besides (or instead of) the attempt file: `tasks test` prints them. */
export type LogLineSink = (line: string) => void;

export interface TaskLogWriterOptions {
  clock: Clock;
  profile: AirflowProfile;
  masker: TaskLogMasker;
  /** Attempt log file; null writes to the sinks only. */
  path: string | null;
  sinks?: LogLineSink[];
}

/**
 * One attempt's log in Airflow's format `[<asctime>] {<file>:<line>} <LEVEL> - <message>`. Lines are written
 * synchronously in emission order (appends of a few hundred bytes), so a reader tailing the file or an agent
 * killed mid-task sees every line logged so far.
 */
export class TaskLogWriter extends LeveledTaskLogger implements Disposable {
  readonly #opts: TaskLogWriterOptions;
  #fd: number | null = null;

  constructor(opts: TaskLogWriterOptions) {
    super();
    this.#opts = opts;
    if (opts.path) {
      mkdirSync(dirname(opts.path), { recursive: true });
      this.#fd = openSync(opts.path, 'a', 0o644);
    }
  }

  log(level: TaskLogLevel, message: string, source: LogSource): void {
    const stamp = taskLogAsctime(this.#opts.clock.now(), this.#opts.profile);
    const line = `[${stamp}] {${source.file}:${source.line}} ${level} - ${this.#opts.masker.mask(message)}\n`;
    if (this.#fd !== null) writeSync(this.#fd, line);
    for (const sink of this.#opts.sinks ?? []) sink(line);
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
