/**
 * Where a task-log record says it comes from: the Python module's basename and line (`{ssh.py:139}` in the
 * text format of 2.x, `filename`/`lineno` in the structured records of 3.x) and, where known, the logger that
 * wrote it (3.x's `logger` key, e.g. `airflow.task.hooks.airflow.providers.ssh.hooks.ssh.SSHHook`).
 */
export interface LogSource {
  readonly file: string;
  readonly line: number;
  readonly logger?: string;
  /**
   * Written from a thread of its own (paramiko's transport thread), where the task's structlog context is not
   * bound: 3.3+'s records from it carry no task keys.
   */
  readonly ownThread?: true;
}

export function at(file: string, line: number, logger?: string): LogSource {
  return logger === undefined ? { file, line } : { file, line, logger };
}
