import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import type { RunStore } from '../../runs/run-store.js';
import type { TaskInstanceRecord } from '../../runs/run-records.js';
import type { S3TaskLogs } from '../../tasks/s3-task-logs.js';
import type { CliContext } from '../cli-context.js';

interface LogsFlags {
  try?: string;
  mapIndex?: string;
  follow?: boolean;
  raw?: boolean;
}

/** States in which the current try may still write to its log. */
const UNFINISHED: readonly (TaskInstanceRecord['state'] | null)[] = [
  null,
  'scheduled',
  'queued',
  'running',
  'up_for_retry',
];
const FOLLOW_POLL_MS = 250;
/** An S3 copy grows every couple of seconds (the running agent's uploads): no use asking more often. */
const S3_FOLLOW_POLL_MS = 1_000;

/** A usage error: one line naming what exists, exit status 2. */
class LogsUsageError extends Error {}

/**
 * `mwaa-agent tasks logs <dag_id> <run_id> <task_id> [--try N] [--map-index N] [-f] [--raw]`: prints a stored
 * attempt log from the state folder (the latest try unless `--try`), and with `-f` keeps printing what the
 * attempt writes until it ends. Airflow 2 logs are text and print as written; Airflow 3's JSON-lines logs print
 * as the UI shows them (`--raw`: the file's JSON lines as written).
 */
export function registerTasksLogsCommand(group: Command, ctx: CliContext): void {
  group
    .command('logs')
    .description("Print a task instance's stored log (the latest try unless --try); -f follows it until the try ends")
    .argument('<dag_id>', 'The id of the dag')
    .argument('<run_id>', 'The run id of the DAG run')
    .argument('<task_id>', 'The id of the task')
    .option('-t, --try <n>', 'the try number (default: the latest)')
    .option('-m, --map-index <n>', 'the map index of a mapped task instance')
    .option('-f, --follow', 'keep printing what the try writes until it ends')
    .option('--raw', "print the file as written (Airflow 3's JSON lines) instead of readable lines")
    .action(async (dagId: string, runId: string, taskId: string, flags: LogsFlags) => {
      const config = ctx.config();
      const { withRunStore } = await import('./store-access.js');
      const { taskLogPath } = await import('../../tasks/task-log-writer.js');
      const { readableLogLines } = await import('../../tasks/readable-task-log.js');
      const { openS3TaskLogs } = await import('../../tasks/s3-task-logs.js');
      const { silentLogger } = await import('../../core/logger.js');
      const remote = openS3TaskLogs(config, ctx.env, silentLogger());
      try {
        const requested = {
          tryNumber: integer(flags.try, '--try', 1),
          mapIndex: integer(flags.mapIndex, '--map-index', -1) ?? -1,
        };
        await withRunStore(config, async (store) => {
          const ti = findTaskInstance(store, dagId, runId, taskId, requested.mapIndex);
          const tryNumber = chooseTry(ti, requested.tryNumber);
          const path = taskLogPath(config.stateDir, dagId, runId, taskId, tryNumber, ti.mapIndex);
          const print = (line: string) => {
            for (const l of flags.raw ? [line] : readableLogLines(line)) ctx.out(l);
          };
          let reader: LogReader = new LogFileReader(path);
          let where = path;
          // With --logs-prefix, a try this state folder did not write (another agent ran it) is read from S3.
          if (remote && !(await reader.exists())) {
            const relativePath = remote.logs.relativePath(path);
            reader = new S3LogReader(remote.logs, relativePath);
            where = `${path} or ${remote.logs.urlOf(relativePath)}`;
          }
          const pollMs = reader instanceof S3LogReader ? S3_FOLLOW_POLL_MS : FOLLOW_POLL_MS;
          if (!flags.follow) {
            if (!(await reader.exists()) && !isRunning(ti, tryNumber))
              throw new LogsUsageError(`no log file for try ${tryNumber} of ${describe(ti)}: ${where}`);
            (await reader.readLines()).forEach(print);
            reader.rest().forEach(print);
            return;
          }
          for (;;) {
            const current = store.getTaskInstance(dagId, runId, taskId, ti.mapIndex);
            const over = !current || !isRunning({ ...current, mapIndex: ti.mapIndex }, tryNumber);
            (await reader.readLines()).forEach(print);
            if (over) break;
            await new Promise((r) => setTimeout(r, pollMs));
          }
          (await reader.readLines()).forEach(print);
          reader.rest().forEach(print);
        });
      } catch (e) {
        if (!(e instanceof LogsUsageError)) throw e;
        ctx.err(`tasks logs: ${e.message}`);
        ctx.exitCode = 2;
      } finally {
        remote?.client.destroy();
      }
    });
}

function integer(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < min)
    throw new LogsUsageError(`${flag} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return n;
}

function describe(ti: TaskInstanceRecord): string {
  return `task ${ti.taskId}${ti.mapIndex >= 0 ? `[${ti.mapIndex}]` : ''} of run ${ti.runId} of DAG ${ti.dagId}`;
}

/** Names, quoted and comma-separated, the first `max` of them. */
function some(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map((n) => `'${n}'`);
  return shown.join(', ') + (names.length > max ? `, … (${names.length} in all)` : '');
}

function findTaskInstance(
  store: RunStore,
  dagId: string,
  runId: string,
  taskId: string,
  mapIndex: number,
): TaskInstanceRecord {
  if (!store.getRun(dagId, runId)) {
    const runs = store.listRuns(dagId, { newestFirst: true }).runs.map((r) => r.runId);
    if (runs.length > 0) throw new LogsUsageError(`DAG ${dagId} has no run ${runId}; its runs: ${some(runs)}`);
    const dags = [...new Set(store.listRuns(null).runs.map((r) => r.dagId))].sort();
    throw new LogsUsageError(
      `DAG ${dagId} has no runs in this state folder; DAGs with runs: ${dags.length ? some(dags) : 'none'}`,
    );
  }
  const tis = store.listTaskInstances(dagId, runId);
  const ofTask = tis.filter((t) => t.taskId === taskId);
  if (ofTask.length === 0)
    throw new LogsUsageError(
      `run ${runId} of DAG ${dagId} has no task ${taskId}; its tasks: ${some([...new Set(tis.map((t) => t.taskId))])}`,
    );
  const ti = ofTask.find((t) => t.mapIndex === mapIndex);
  if (!ti) {
    const indexes = ofTask.map((t) => t.mapIndex);
    throw new LogsUsageError(
      indexes.includes(-1)
        ? `task ${taskId} of run ${runId} is not mapped: leave out --map-index`
        : `task ${taskId} of run ${runId} is mapped: give --map-index (one of ${indexes.join(', ')})`,
    );
  }
  return ti;
}

function chooseTry(ti: TaskInstanceRecord, requested: number | undefined): number {
  if (ti.tryNumber < 1)
    throw new LogsUsageError(`${describe(ti)} has not started a try yet (state: ${ti.state ?? 'none'})`);
  if (requested === undefined) return ti.tryNumber;
  if (requested > ti.tryNumber)
    throw new LogsUsageError(
      `${describe(ti)} has no try ${requested}; its tries: ${ti.tryNumber === 1 ? '1' : `1–${ti.tryNumber}`}`,
    );
  return requested;
}

/** Whether `tryNumber` is the task instance's current try and may still write. */
function isRunning(ti: TaskInstanceRecord, tryNumber: number): boolean {
  return ti.tryNumber === tryNumber && UNFINISHED.includes(ti.state);
}

/** A growing attempt log read line by line from where it last stopped; a partial last line waits for its end. */
interface LogReader {
  exists(): Promise<boolean>;
  /** The complete lines written since the last call. */
  readLines(): Promise<string[]>;
  /** A last line without a newline, once nothing more will be written. */
  rest(): string[];
}

/** Splits bytes into complete lines, keeping a partial last line (and a partial character) for later. */
class LineSplitter {
  #partial = '';
  readonly #decoder = new StringDecoder('utf8');

  lines(bytes: Buffer): string[] {
    const lines = (this.#partial + this.#decoder.write(bytes)).split('\n');
    this.#partial = lines.pop() ?? '';
    return lines;
  }

  rest(): string[] {
    const last = this.#partial + this.#decoder.end();
    this.#partial = '';
    return last ? [last] : [];
  }
}

/** The S3 copy of an attempt log under `--logs-prefix` (uploaded as it grows by the agent running the try). */
class S3LogReader implements LogReader {
  readonly #logs: S3TaskLogs;
  readonly #relativePath: string;
  #position = 0;
  readonly #split = new LineSplitter();

  constructor(logs: S3TaskLogs, relativePath: string) {
    this.#logs = logs;
    this.#relativePath = relativePath;
  }

  exists(): Promise<boolean> {
    return this.#logs.exists(this.#relativePath);
  }

  async readLines(): Promise<string[]> {
    const range = await this.#logs.readRange(this.#relativePath, this.#position);
    if (!range) return [];
    this.#position += range.bytes.length;
    return this.#split.lines(range.bytes);
  }

  rest(): string[] {
    return this.#split.rest();
  }
}

class LogFileReader implements LogReader {
  readonly #path: string;
  #position = 0;
  readonly #split = new LineSplitter();

  constructor(path: string) {
    this.#path = path;
  }

  async exists(): Promise<boolean> {
    return existsSync(this.#path);
  }

  async readLines(): Promise<string[]> {
    if (!existsSync(this.#path)) return [];
    const fd = openSync(this.#path, 'r');
    try {
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, this.#position);
        if (n === 0) break;
        chunks.push(Buffer.from(buffer.subarray(0, n)));
        this.#position += n;
      }
      return this.#split.lines(Buffer.concat(chunks));
    } finally {
      closeSync(fd);
    }
  }

  rest(): string[] {
    return this.#split.rest();
  }
}
