import type { LogSource } from '../airflow/log-source.js';

export type TaskLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/**
 * One attempt's task log, in Airflow's format: `[<asctime>] {<file>:<line>} <LEVEL> - <message>`.
 * `source` is the Python module basename and line Airflow's record would carry (e.g. `ssh.py:139`), taken
 * from the emulated Airflow/provider version's profile. Every message passes through the secrets masker.
 */
export interface TaskLogger {
  log(level: TaskLogLevel, message: string, source: LogSource): void;
  info(message: string, source: LogSource): void;
  warning(message: string, source: LogSource): void;
  error(message: string, source: LogSource): void;
  /**
   * A line of the task's own output (a Bash command's stdout, an SSH command's output): like {@link log},
   * but counted against the attempt's output cap; past it, lines are dropped and counted.
   */
  output(level: TaskLogLevel, message: string, source: LogSource): void;
}

/** A TaskLogger whose `info`/`warning`/`error` are `log` at that level; implementations supply `log`. */
export abstract class LeveledTaskLogger implements TaskLogger {
  abstract log(level: TaskLogLevel, message: string, source: LogSource): void;

  info(message: string, source: LogSource): void {
    this.log('INFO', message, source);
  }

  warning(message: string, source: LogSource): void {
    this.log('WARNING', message, source);
  }

  error(message: string, source: LogSource): void {
    this.log('ERROR', message, source);
  }

  /** Task output is a plain line unless the implementation caps it (the attempt-log writer does). */
  output(level: TaskLogLevel, message: string, source: LogSource): void {
    this.log(level, message, source);
  }
}
