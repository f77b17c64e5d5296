/**
 * One attempt's task log, in Airflow's format: `[<asctime>] {<file>:<line>} <LEVEL> - <message>`.
 * `source` is the Python module basename and line Airflow's record would carry (e.g. `ssh.py:139`), taken
 * from the emulated Airflow/provider version's profile. Every message passes through the secrets masker.
 */
export interface LogSource {
  file: string;
  line: number;
}

export type TaskLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface TaskLogger {
  log(level: TaskLogLevel, message: string, source: LogSource): void;
  info(message: string, source: LogSource): void;
  warning(message: string, source: LogSource): void;
  error(message: string, source: LogSource): void;
}
