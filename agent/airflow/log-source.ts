/** Where a task-log record says it comes from: the Python module's basename and line (`{ssh.py:139}`). */
export interface LogSource {
  readonly file: string;
  readonly line: number;
}

export function at(file: string, line: number): LogSource {
  return { file, line };
}
