import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { asctimePython, asctimeTimezoneAware } from '../python/datetime-format.js';
import type { TaskLogMasker } from './task-log-masker.js';
import type { LogSource } from '../airflow/log-source.js';
import { LeveledTaskLogger, type TaskLogLevel } from './task-log.js';

/**
 * Airflow 2.3+'s (and 3.x's) `log_filename_template`: `dag_id=<d>/run_id=<r>/task_id=<t>/[map_index=<i>/]attempt=<n>.log`
 * under `<stateDir>/logs`, the map index only for a mapped task instance. Ids are used verbatim, as Airflow does
 * (run ids contain `:` and `+`).
 */
export function taskLogPath(
  stateDir: string,
  dagId: string,
  runId: string,
  taskId: string,
  attempt: number,
  mapIndex = -1,
): string {
  const mapped = mapIndex >= 0 ? [`map_index=${mapIndex}`] : [];
  return join(
    stateDir,
    'logs',
    `dag_id=${dagId}`,
    `run_id=${runId}`,
    `task_id=${taskId}`,
    ...mapped,
    `attempt=${attempt}.log`,
  );
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
  /**
   * Bytes of log lines of task output ({@link TaskLogWriter.output}) kept per attempt; later output is
   * dropped and counted, and one `… truncated N bytes` line says so. Default: no cap (Airflow has none).
   */
  maxOutputBytes?: number;
}

/** Where the truncation line claims to come from: the agent, not Airflow (Airflow has no cap). */
const CAP_SOURCE: LogSource = { file: 'mwaa_agent', line: 0 };

/**
 * One attempt's log in Airflow's format `[<asctime>] {<file>:<line>} <LEVEL> - <message>`. Lines are written
 * synchronously in emission order (appends of a few hundred bytes), so a reader tailing the file or an agent
 * killed mid-task sees every line logged so far.
 */
export class TaskLogWriter extends LeveledTaskLogger implements Disposable {
  readonly #opts: TaskLogWriterOptions;
  #fd: number | null = null;
  #closed = false;
  #outputBytes = 0;
  #droppedBytes = 0;
  /** Dropped since the last truncation line. */
  #pendingBytes = 0;
  #pendingLines = 0;

  constructor(opts: TaskLogWriterOptions) {
    super();
    this.#opts = opts;
    if (opts.path) {
      mkdirSync(dirname(opts.path), { recursive: true });
      this.#fd = openSync(opts.path, 'a', 0o644);
    }
  }

  log(level: TaskLogLevel, message: string, source: LogSource): void {
    this.#reportDropped();
    this.#write(level, message, source);
  }

  override output(level: TaskLogLevel, message: string, source: LogSource): void {
    const cap = this.#opts.maxOutputBytes ?? Number.POSITIVE_INFINITY;
    if (this.#droppedBytes === 0) {
      const line = this.#format(level, message, source);
      const bytes = Buffer.byteLength(line);
      if (this.#outputBytes + bytes <= cap) {
        this.#outputBytes += bytes;
        this.#emit(line);
        return;
      }
    }
    // Counted as the command printed it (plus its newline), not as formatted.
    const bytes = Buffer.byteLength(message) + 1;
    this.#droppedBytes += bytes;
    this.#pendingBytes += bytes;
    this.#pendingLines++;
  }

  /** Bytes of task output dropped so far by the cap. */
  get droppedBytes(): number {
    return this.#droppedBytes;
  }

  /** One line for the output dropped since the cap was hit, before the next non-output line (and at close). */
  #reportDropped(): void {
    if (this.#pendingLines === 0) return;
    const cap = this.#opts.maxOutputBytes!;
    this.#write(
      'WARNING',
      `… truncated ${this.#pendingBytes} bytes (${this.#pendingLines} lines) of task output: the output of one attempt is capped at ${cap} bytes (--task-log-max-bytes)`,
      CAP_SOURCE,
    );
    this.#pendingBytes = 0;
    this.#pendingLines = 0;
  }

  #write(level: TaskLogLevel, message: string, source: LogSource): void {
    this.#emit(this.#format(level, message, source));
  }

  #format(level: TaskLogLevel, message: string, source: LogSource): string {
    const stamp = taskLogAsctime(this.#opts.clock.now(), this.#opts.profile);
    return `[${stamp}] {${source.file}:${source.line}} ${level} - ${this.#opts.masker.mask(message)}\n`;
  }

  #emit(line: string): void {
    if (this.#fd !== null) writeSync(this.#fd, line);
    for (const sink of this.#opts.sinks ?? []) sink(line);
  }

  close(): void {
    if (this.#closed) return;
    this.#reportDropped();
    this.#closed = true;
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
