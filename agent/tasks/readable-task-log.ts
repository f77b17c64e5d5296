/** The keys Airflow 3.3+ binds to every record of an attempt: the same on each line, so never shown. */
const TASK_KEYS = new Set(['dag_id', 'run_id', 'task_id', 'map_index', 'try_number', 'ti_id']);
/** Shown in the line's frame or dropped (the callsite: the logger already names the source). */
const FRAME_KEYS = new Set(['timestamp', 'level', 'event', 'logger', 'filename', 'lineno', 'error_detail']);

interface ErrorDetail {
  exc_type?: string;
  exc_value?: string;
  frames?: { filename?: string; lineno?: number; name?: string }[];
}

/**
 * One line of a stored attempt log as a person reads it. An Airflow 2 text line is already readable and is
 * returned as it is. An Airflow 3 JSON record (what the supervisor writes) becomes the line Airflow 3's UI
 * shows for it: `[timestamp] LEVEL - event key=value … source=logger`, then its exception as a Python
 * traceback; the task instance keys every record repeats are left out. Anything else (a crash's stderr) is
 * returned as it is.
 */
export function readableLogLines(line: string): string[] {
  const record = jsonRecord(line);
  if (record === null) return [line];
  const level = typeof record.level === 'string' ? `${record.level.toUpperCase()} - ` : '';
  const stamp = typeof record.timestamp === 'string' ? `[${record.timestamp}] ` : '';
  const fields = Object.entries(record)
    .filter(([k]) => !FRAME_KEYS.has(k) && !TASK_KEYS.has(k))
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (typeof record.logger === 'string') fields.push(` source=${record.logger}`);
  const out = [`${stamp}${level}${String(record.event)}${fields.join('')}`];
  if (Array.isArray(record.error_detail)) out.push(...traceback(record.error_detail as ErrorDetail[]));
  return out;
}

export function jsonRecord(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return typeof (value as { event?: unknown }).event === 'string' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** structlog's `error_detail` (outermost exception first) as Python prints a traceback (innermost last). */
export function traceback(detail: readonly ErrorDetail[]): string[] {
  const lines: string[] = [];
  for (const exc of [...detail].reverse()) {
    lines.push('Traceback (most recent call last):');
    for (const f of exc.frames ?? []) lines.push(`  File "${f.filename}", line ${f.lineno}, in ${f.name}`);
    lines.push(exc.exc_value ? `${exc.exc_type}: ${exc.exc_value}` : String(exc.exc_type));
  }
  return lines;
}
