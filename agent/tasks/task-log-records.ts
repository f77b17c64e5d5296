import { readFileSync } from 'node:fs';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { taskLogPath } from './task-log-writer.js';

/** One item of Airflow 3's log response (`StructuredLogMessage`): `timestamp`, `event`, then any other keys. */
export type LogMessage = Record<string, unknown> & { event: string };

/** The try whose log is read. */
export interface TaskLogTry {
  dagId: string;
  runId: string;
  taskId: string;
  /** -1 for a task instance that is not mapped. */
  mapIndex?: number;
  tryNumber: number;
}

/**
 * What Airflow 3's `GET /api/v2/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{try}` returns as `content` for a
 * finished try read from the local log file (`FileTaskHandler._read`): the "Log message source details" group
 * naming the file (the version's form: 3.0 a `sources` field, 3.3 one item per source), then the file's records
 * (`taskLogMessages`). A missing file gives the group without a source.
 */
export function readTaskLogMessages(stateDir: string, at: TaskLogTry, profile: AirflowProfile): LogMessage[] {
  const path = taskLogPath(stateDir, at.dagId, at.runId, at.taskId, at.tryNumber, at.mapIndex ?? -1);
  let text: string | null;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = null;
  }
  return [...sourceHeader(text === null ? [] : [path], profile), ...taskLogMessages(text ?? '')];
}

/** The group before the records: where they came from. */
export function sourceHeader(sources: readonly string[], profile: AirflowProfile): LogMessage[] {
  const group = '::group::Log message source details';
  const items =
    profile.taskLog.apiSourceHeader === 'source-items'
      ? [{ event: group }, ...sources.map((event) => ({ event }))]
      : [{ event: group, sources: [...sources] }];
  return [...items, { event: '::endgroup::' }];
}

/** Airflow's DEFAULT_SORT_DATETIME: the sort time of lines before any timestamp. */
const DEFAULT_SORT_MS = Date.UTC(2000, 0, 1);

/**
 * A log file's lines as Airflow 3 serves them (`_log_stream_to_parsed_log_stream` + `_interleave_logs`):
 * a JSON line with an `event` is a record whose timestamp becomes UTC with `Z` (3.0 writes it naive); any other
 * line (an Airflow 2 text line, a crash's stderr) is `{timestamp, event: line}` with the time its `[…]` prefix
 * gives, else the last one a text line gave; records are ordered by time to the millisecond, then line (a line without a time sorts
 * with the last one seen); a record equal to the one before it is dropped; empty lines are skipped.
 */
export function taskLogMessages(text: string): LogMessage[] {
  const parsed: { sortMs: number; index: number; message: LogMessage }[] = [];
  let sortMs: number | null = null;
  // A text line whose time cannot be read keeps the last time read from a text line (Airflow's next_timestamp).
  let textTime: string | null = null;
  text.split('\n').forEach((line, index) => {
    if (!line) return;
    let message = structuredLine(line);
    if (message === null) {
      textTime = textTimestamp(line) ?? textTime;
      message = { timestamp: textTime, event: line };
    }
    const ts = typeof message.timestamp === 'string' ? Date.parse(message.timestamp) : Number.NaN;
    if (!Number.isNaN(ts)) sortMs = ts;
    parsed.push({ sortMs: sortMs ?? DEFAULT_SORT_MS, index, message });
  });
  parsed.sort((a, b) => a.sortMs - b.sortMs || a.index - b.index);
  const out: LogMessage[] = [];
  let last: string | null = null;
  for (const { sortMs: ms, message } of parsed) {
    const key = JSON.stringify(message);
    if (key !== last || ms === DEFAULT_SORT_MS) out.push(message);
    last = key;
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
  let when: string | null = null;
  if (timestamp !== undefined && timestamp !== null) {
    when = typeof timestamp === 'string' ? zulu(timestamp) : null;
    if (when === null) return null;
  }
  // pydantic dumps the declared fields first (timestamp, event), then the others in the order written.
  return { timestamp: when, event, ...rest };
}

/** A datetime as pydantic serializes an aware UTC one: `2026-12-07T12:47:56.300975Z`, no fraction when zero. */
function zulu(text: string): string | null {
  const m = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?)?(Z|[+-]\d\d:?\d\d)?$/.exec(text.trim());
  if (!m) return null;
  const [, day, time = '00:00:00', fraction, zone] = m;
  const offset =
    zone === undefined || zone === 'Z' ? '+00:00' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const at = new Date(`${day}T${time}${offset}`);
  if (Number.isNaN(at.getTime())) return null;
  const micros = (fraction ?? '').padEnd(6, '0');
  return `${at.toISOString().slice(0, 19)}${/^0+$/.test(micros) ? '' : `.${micros}`}Z`;
}

/** `_parse_timestamp` of a text line: its first word without brackets, read by pendulum. */
function textTimestamp(line: string): string | null {
  const space = line.indexOf(' ');
  if (space < 0) return null;
  const word = line.slice(0, space).replace(/^\[+|\]+$/g, '');
  if (/^\d+(\.\d*)?$/.test(word)) return null;
  return zulu(word.replace(',', '.'));
}
