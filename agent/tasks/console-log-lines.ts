import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { LogSource } from '../airflow/log-source.js';
import { isoformatUtc } from '../python/datetime-format.js';
import { jsonRecord, traceback } from './readable-task-log.js';
import type { TaskLogLevel } from './task-log.js';
import { taskLogAsctime } from './task-log-writer.js';

/** The task instance keys Airflow 3.3+ binds to an attempt's records; the console renderer never shows them. */
const TASK_KEYS = new Set(['dag_id', 'run_id', 'task_id', 'map_index', 'try_number', 'ti_id']);
const FRAME_KEYS = new Set(['timestamp', 'level', 'event', 'logger', 'filename', 'lineno', 'error_detail']);
/** structlog's ConsoleRenderer pads the level to the longest name it knows and the event to 30 characters. */
const LEVEL_WIDTH = 9;
const EVENT_WIDTH = 30;

/**
 * A line as Airflow's CLI prints it on the console while `dags test` runs: `[asctime] {file:line} LEVEL - msg`
 * (2.x logging), or structlog's console renderer (3.x): `timestamp [level    ] event  [logger] key=value`.
 */
export function consoleLine(
  profile: AirflowProfile,
  now: Date,
  level: TaskLogLevel,
  message: string,
  source: LogSource,
): string {
  if (profile.taskLog.format === 'text')
    return `[${taskLogAsctime(now, profile)}] {${source.file}:${source.line}} ${level} - ${message}`;
  return structlogLine(zulu(now), level.toLowerCase(), message, source.logger ?? 'task', {
    loc: `${source.file}:${source.line}`,
  });
}

/**
 * An attempt-log line (what the attempt writer emits for its file) as the console shows it: a 2.x text line
 * as it is; a 3.x JSON record rendered by structlog's console renderer, its exception as a Python traceback.
 */
export function consoleTaskLogLines(line: string): string[] {
  const text = line.replace(/\n$/, '');
  const record = jsonRecord(text);
  if (record === null) return [text];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!FRAME_KEYS.has(k) && !TASK_KEYS.has(k)) fields[k] = v;
  if (typeof record.filename === 'string') fields.loc = `${record.filename}:${String(record.lineno)}`;
  const out = [
    structlogLine(
      // 3.0's records carry the UTC time without its `Z`; the console renderer stamps every line in UTC with one.
      String(record.timestamp ?? '').replace(/^([^Z+]*\d)$/, '$1Z'),
      String(record.level ?? 'info'),
      String(record.event),
      String(record.logger ?? 'task'),
      fields,
    ),
  ];
  if (Array.isArray(record.error_detail))
    out.push(...traceback(record.error_detail as Parameters<typeof traceback>[0]));
  return out;
}

function structlogLine(
  timestamp: string,
  level: string,
  event: string,
  logger: string,
  fields: Record<string, unknown>,
): string {
  const pairs = Object.keys(fields)
    .sort()
    .map((k) => ` ${k}=${typeof fields[k] === 'string' ? fields[k] : JSON.stringify(fields[k])}`);
  return `${timestamp} [${level.padEnd(LEVEL_WIDTH)}] ${event.padEnd(EVENT_WIDTH)} [${logger}]${pairs.join('')}`;
}

/** structlog's `TimeStamper(fmt="iso", utc=True)`: microseconds and `Z`. */
function zulu(t: Date): string {
  return `${isoformatUtc(t)
    .replace(/\+00:00$/, '')
    .replace(/(\.\d+)?$/, (f) => (f || '.').padEnd(7, '0'))}Z`;
}
