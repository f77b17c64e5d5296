import { parseDatetime } from './pydantic-fields.js';

/** One item of Airflow 3's log response (`StructuredLogMessage`: timestamp, event, and any other keys). */
export type LogMessage = Record<string, unknown> & { event: string };

/** The three items before a log's lines: where the lines came from (file_task_handler's `_read`). */
export function sourceHeader(sources: readonly string[]): LogMessage[] {
  return [
    { event: '::group::Log message source details' },
    ...sources.map((event) => ({ event })),
    { event: '::endgroup::' },
  ];
}

function zulu(d: { date: Date; micros: number }): string {
  const base = d.date.toISOString().slice(0, 19);
  return `${base}${d.micros ? `.${String(d.micros).padStart(6, '0')}` : ''}Z`;
}

/**
 * `FileTaskHandler._parse_timestamp`: the text before the first space, without brackets, read by pendulum.
 * A 2.x line `[2024-01-03T06:00:02.123+0000] {…}` gives its time; `[2024-01-03 06:00:02,123]` only its day.
 */
function lineTimestamp(line: string): string | undefined {
  const space = line.indexOf(' ');
  if (space < 0) return undefined;
  const text = line.slice(0, space).replace(/^\[+|\]+$/g, '');
  const r = parseDatetime(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return 'error' in r || /^\d+(\.\d*)?$/.test(text) ? undefined : zulu(r);
}

/**
 * A log file's lines as Airflow 3's `_log_stream_to_parsed_log_stream` yields them: a JSON object with an
 * `event` (the structured logs Airflow 3 writes) is kept as it is with its timestamp normalised; any other line
 * becomes `{timestamp, event}` where the timestamp is read from the line or, failing that, is the last one read.
 * Empty lines are skipped.
 */
export function parseLogLines(text: string): LogMessage[] {
  const out: LogMessage[] = [];
  let last: string | null = null;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const structured = structuredLine(line);
    if (structured) {
      out.push(structured);
      continue;
    }
    last = lineTimestamp(line) ?? last;
    out.push({ timestamp: last, event: line });
  }
  return out;
}

function structuredLine(line: string): LogMessage | null {
  if (!line.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { timestamp, event, ...rest } = value as Record<string, unknown>;
  if (typeof event !== 'string') return null;
  const out: LogMessage = { event };
  if (timestamp !== undefined) {
    if (timestamp === null) out.timestamp = null;
    else {
      const r = parseDatetime(timestamp);
      if ('error' in r) return null;
      out.timestamp = zulu(r);
    }
  }
  // Declared fields first (timestamp, event), then the others in the order written, as pydantic dumps them.
  const ordered: LogMessage = 'timestamp' in out ? { timestamp: out.timestamp, event } : { event };
  for (const [k, v] of Object.entries(rest)) if (k !== '__proto__') ordered[k] = v;
  return ordered;
}
