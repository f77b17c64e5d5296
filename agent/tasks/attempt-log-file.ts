import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Clock } from '../core/clock.js';
import { JsonTaskLogWriter, type TaskInstanceKeys } from './json-task-log-writer.js';
import type { TaskLogger } from './task-log.js';
import type { TaskLogMasker } from './task-log-masker.js';
import { type LogLineSink, TaskLogWriter } from './task-log-writer.js';

export interface AttemptLogFileOptions {
  clock: Clock;
  profile: AirflowProfile;
  masker: TaskLogMasker;
  /** Attempt log file; null writes to the sinks only. */
  path: string | null;
  sinks?: LogLineSink[];
  taskKeys: TaskInstanceKeys;
  /** Bytes of task output kept per attempt (`--task-log-max-bytes`); default no cap. */
  maxOutputBytes?: number;
}

/** The attempt's log writer in the version's format: text lines (2.x) or JSON records (3.x). */
export function openAttemptLogFile(opts: AttemptLogFileOptions): TaskLogger & { close(): void } {
  return opts.profile.taskLog.format === 'json' ? new JsonTaskLogWriter(opts) : new TaskLogWriter(opts);
}
