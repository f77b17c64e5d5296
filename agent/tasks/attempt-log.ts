import type { FailureFacts } from './attempt-log-lines.js';

/**
 * The run-level lines of one attempt, around what the operator logs itself: Airflow 2's LocalTaskJob and
 * `_run_raw_task` text lines, or Airflow 3's task-runner records. The version's `taskLog.format` picks one.
 */
export interface AttemptLog {
  /**
   * Before anything: 2.x dependency/attempt/command lines; 3.x the worker's start-up records. A task back from
   * its trigger (`resuming`) says "Resuming after deferral" where a new attempt says which one it is.
   */
  started(resuming?: boolean): void;
  /** execute() deferred: the task waits on its trigger, holding no worker slot. */
  deferred(): void;
  /** Templates rendered, execute() about to run. */
  rendered(): void;
  /** A template field failed to render with `failure` (its class and message). */
  renderFailed(field: string, template: unknown, failure: Pick<FailureFacts, 'pyClass' | 'message'>): void;
  succeeded(endDate: string, pushedXcom: boolean): void;
  skipped(reason: string, endDate: string): void;
  failed(fail: FailureFacts): void;
  /** execution_timeout passed. */
  timedOut(pid: number): void;
  /** The agent stops, or the TI or its run was set to `externalState` from outside. */
  terminated(externalState: string | null): void;
}
