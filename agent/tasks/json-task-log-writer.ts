import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { LogSource } from '../airflow/log-source.js';
import type { Clock } from '../core/clock.js';
import { isoformatUtc } from '../python/datetime-format.js';
import { type LogFields, LeveledTaskLogger, type TaskLogLevel } from './task-log.js';
import type { TaskLogMasker } from './task-log-masker.js';
import type { LogLineSink } from './task-log-writer.js';

/** The task instance keys Airflow 3.3+ binds to every record after start-up. */
export interface TaskInstanceKeys {
  run_id: string;
  task_id: string;
  map_index: number;
  dag_id: string;
  try_number: number;
  /** The task instance's id (a UUID, one per try in Airflow 3). */
  ti_id: string;
}

export interface JsonTaskLogWriterOptions {
  clock: Clock;
  profile: AirflowProfile;
  masker: TaskLogMasker;
  /** Attempt log file; null writes to the sinks only. */
  path: string | null;
  sinks?: LogLineSink[];
  taskKeys: TaskInstanceKeys;
  /**
   * Bytes of task output records ({@link JsonTaskLogWriter.output}) kept per attempt; later output is dropped
   * and counted, and one `… truncated N bytes` record says so. Default: no cap (Airflow has none).
   */
  maxOutputBytes?: number;
}

/** Where the truncation record claims to come from: the agent, not Airflow (Airflow has no cap). */
const CAP_SOURCE: LogSource = { file: 'mwaa_agent', line: 0, logger: 'mwaa_agent' };

/**
 * One attempt's log as Airflow 3's supervisor writes it: a JSON object per line, `{"timestamp", "level",
 * "event", <fields>, <task keys>, "logger", "filename", "lineno", "error_detail"}`, with the version's
 * timestamp form (3.0 naive, 3.2+ `Z`), callsite (3.2+) and task keys (3.3+, once bound; not on records from a
 * thread of their own, such as paramiko's transport thread). Lines are written
 * synchronously in emission order, as the text writer does.
 */
export class JsonTaskLogWriter extends LeveledTaskLogger implements Disposable {
  readonly #opts: JsonTaskLogWriterOptions;
  #fd: number | null = null;
  #bound = false;
  #outputBytes = 0;
  #dropping = false;
  /** Dropped since the last truncation record. */
  #pendingBytes = 0;
  #pendingLines = 0;

  constructor(opts: JsonTaskLogWriterOptions) {
    super();
    this.#opts = opts;
    if (opts.path) {
      mkdirSync(dirname(opts.path), { recursive: true });
      this.#fd = openSync(opts.path, 'a', 0o644);
    }
  }

  bindTaskInstance(): void {
    this.#bound = true;
  }

  log(level: TaskLogLevel, message: string, source: LogSource, fields: LogFields = {}): void {
    this.#reportDropped();
    this.#emit(this.#record(level, message, source, fields));
  }

  override output(level: TaskLogLevel, message: string, source: LogSource): void {
    const cap = this.#opts.maxOutputBytes ?? Number.POSITIVE_INFINITY;
    if (!this.#dropping) {
      const line = this.#record(level, message, source, {});
      const bytes = Buffer.byteLength(line);
      if (this.#outputBytes + bytes <= cap) {
        this.#outputBytes += bytes;
        this.#emit(line);
        return;
      }
      this.#dropping = true;
    }
    // Counted as the command printed it (plus its newline), not as formatted.
    this.#pendingBytes += Buffer.byteLength(message) + 1;
    this.#pendingLines++;
  }

  /** One record for the output dropped since the cap was hit, before the next non-output record (and at close). */
  #reportDropped(): void {
    if (this.#pendingLines === 0) return;
    const message = `… truncated ${this.#pendingBytes} bytes (${this.#pendingLines} lines) of task output: the output of one attempt is capped at ${this.#opts.maxOutputBytes} bytes (--task-log-max-bytes)`;
    this.#pendingBytes = 0;
    this.#pendingLines = 0;
    this.#emit(this.#record('WARNING', message, CAP_SOURCE, {}));
  }

  #emit(line: string): void {
    if (this.#fd !== null) writeSync(this.#fd, line);
    for (const sink of this.#opts.sinks ?? []) sink(line);
  }

  #record(level: TaskLogLevel, message: string, source: LogSource, fields: LogFields): string {
    const { taskLog } = this.#opts.profile;
    const { error_detail: errorDetail, ...extra } = fields;
    const record: Record<string, unknown> = {
      timestamp: timestamp(this.#opts.clock.now(), taskLog.jsonTimestamp),
      level: level.toLowerCase(),
      event: this.#opts.masker.mask(message),
      ...this.#mask(extra),
      ...(this.#bound && taskLog.jsonTaskKeys && !source.ownThread ? this.#opts.taskKeys : {}),
      logger: source.logger ?? 'task',
      ...(taskLog.jsonCallsite ? { filename: source.file, lineno: source.line } : {}),
      ...(errorDetail === undefined ? {} : { error_detail: errorDetail }),
    };
    return `${JSON.stringify(record)}\n`;
  }

  #mask(fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? this.#opts.masker.mask(v) : v]),
    );
  }

  close(): void {
    this.#reportDropped();
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** structlog's ISO timestamp in UTC: naive on 3.0 (`…T12:52:46.433983`), with `Z` from 3.2. Always 6 digits. */
function timestamp(t: Date, form: 'naive' | 'zulu'): string {
  const iso = isoformatUtc(t).replace(/\+00:00$/, '');
  const withMicros = iso.includes('.') ? iso : `${iso}.000000`;
  return form === 'zulu' ? `${withMicros}Z` : withMicros;
}
