import type { LogSource } from '../airflow/log-source.js';

export type TaskLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/**
 * Key-value pairs a record carries besides its message: Airflow 3's structlog fields (`reason`, `ti`,
 * `bundle_name`, `error_detail`, …). Airflow 2's text lines have no place for them: the text writer drops them.
 */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * One attempt's task log in the emulated version's format: 2.x `[<asctime>] {<file>:<line>} <LEVEL> -
 * <message>` lines, 3.x JSON records. `source` is the Python module basename and line (and logger) Airflow's
 * record would carry, taken from the version's profile. Every message passes through the secrets masker.
 */
export interface TaskLogger {
  log(level: TaskLogLevel, message: string, source: LogSource, fields?: LogFields): void;
  info(message: string, source: LogSource, fields?: LogFields): void;
  warning(message: string, source: LogSource, fields?: LogFields): void;
  error(message: string, source: LogSource, fields?: LogFields): void;
  /**
   * A line of the task's own output (a Bash command's stdout, an SSH command's output): like {@link log},
   * but counted against the attempt's output cap; past it, lines are dropped and counted.
   */
  output(level: TaskLogLevel, message: string, source: LogSource): void;
  /**
   * From here on records carry the task instance (3.3+: `bind_contextvars` once the worker knows its TI; the
   * first record has none). Loggers without such keys ignore it.
   */
  bindTaskInstance?(): void;
}

/** A TaskLogger whose `info`/`warning`/`error` are `log` at that level; implementations supply `log`. */
export abstract class LeveledTaskLogger implements TaskLogger {
  abstract log(level: TaskLogLevel, message: string, source: LogSource, fields?: LogFields): void;

  info(message: string, source: LogSource, fields?: LogFields): void {
    this.log('INFO', message, source, fields);
  }

  warning(message: string, source: LogSource, fields?: LogFields): void {
    this.log('WARNING', message, source, fields);
  }

  error(message: string, source: LogSource, fields?: LogFields): void {
    this.log('ERROR', message, source, fields);
  }

  /** Task output is a plain line unless the implementation caps it (the attempt-log writer does). */
  output(level: TaskLogLevel, message: string, source: LogSource): void {
    this.log(level, message, source);
  }
}
