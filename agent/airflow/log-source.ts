/**
 * Where a task-log record says it comes from: the Python module's basename and line (`{ssh.py:139}`), and
 * the name of the logger that wrote it, which Airflow 3's JSON records carry (`"logger": "task"`). 2.x text
 * lines show no logger; a source without one is written as the task runner's ("task").
 */
export interface LogSource {
  readonly file: string;
  readonly line: number;
  readonly logger?: string;
}

export function at(file: string, line: number, logger?: string): LogSource {
  return logger === undefined ? { file, line } : { file, line, logger };
}
