import { airflowProfile } from '../agent/airflow/profile-lookup.js';
import type { AirflowProfile } from '../agent/airflow/airflow-profile.js';
import type { LogSource } from '../agent/airflow/log-source.js';
import type { Connection } from '../agent/connections/connection.js';
import type { ConnectionLookup } from '../agent/connections/connection-lookup.js';
import { AgentError } from '../agent/core/errors.js';
import type { DagSpec, TaskSpec } from '../agent/dags/dag-model.js';
import type { DagRunRecord } from '../agent/runs/run-records.js';
import type { OperatorContext } from '../agent/tasks/operator.js';
import { TaskLogMasker } from '../agent/tasks/task-log-masker.js';
import { LeveledTaskLogger, type TaskLogLevel } from '../agent/tasks/task-log.js';

/** One collected task-log record, already masked. */
export interface LogRecord {
  level: TaskLogLevel;
  message: string;
  /** `file:line`. */
  source: string;
  /** The record's logger, where the version table names it. */
  logger?: string;
}

/** A TaskLogger that keeps records in memory and masks them like the real writer does. */
export class CollectingTaskLog extends LeveledTaskLogger {
  readonly records: LogRecord[] = [];
  constructor(readonly masker: TaskLogMasker) {
    super();
  }
  log(level: TaskLogLevel, message: string, source: LogSource): void {
    this.records.push({
      level,
      message: this.masker.mask(message),
      source: `${source.file}:${source.line}`,
      ...(source.logger ? { logger: source.logger } : {}),
    });
  }
  /** `{file:line} LEVEL - message` lines, as the task log file would show them without timestamps. */
  get lines(): string[] {
    return this.records.map((r) => `{${r.source}} ${r.level} - ${r.message}`);
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export function connectionLookup(connections: Connection[]): ConnectionLookup {
  return {
    async get(connId) {
      const connection = connections.find((c) => c.connId === connId);
      if (!connection) throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${connId}\` isn't defined`);
      return { connection, source: 'store' };
    },
  };
}

export function sshConnection(fields: Partial<Connection> & { connId: string }): Connection {
  return {
    connType: 'ssh',
    description: null,
    host: null,
    schema: '',
    login: null,
    password: null,
    port: null,
    extra: null,
    ...fields,
  };
}

export const PROFILE_2_2_2: AirflowProfile = airflowProfile('2.2.2', '2.3.0');
export const PROFILE_2_10_3: AirflowProfile = airflowProfile('2.10.3', '3.14.0');

export interface TaskRun {
  ctx: OperatorContext;
  log: CollectingTaskLog;
  xcoms: Map<string, unknown>;
  abort: AbortController;
}

/** An OperatorContext for one SSHOperator task; everything the executor would fill in, nothing more. */
export function sshTask(opts: {
  args: Record<string, unknown>;
  connections: Connection[];
  profile: AirflowProfile;
  dagsDir: string;
  stateDir: string;
  doXcomPush?: boolean;
}): TaskRun {
  const masker = new TaskLogMasker();
  const log = new CollectingTaskLog(masker);
  const xcoms = new Map<string, unknown>();
  const abort = new AbortController();
  const task = {
    taskId: 'ssh_task',
    operator: 'SSHOperator',
    doXcomPush: opts.doXcomPush ?? true,
    args: opts.args,
  } as TaskSpec;
  const dag = { dagId: 'ssh_operator_example', tasks: [task] } as unknown as DagSpec;
  const run = { dagId: dag.dagId, runId: 'manual__2022-07-12T20:09:14+00:00' } as DagRunRecord;
  const ctx: OperatorContext = {
    dag,
    task,
    run,
    tryNumber: 1,
    args: opts.args,
    log,
    secrets: masker,
    connections: connectionLookup(opts.connections),
    profile: opts.profile,
    dagsDir: opts.dagsDir,
    stateDir: opts.stateDir,
    signal: abort.signal,
    pushXCom: (k, v) => xcoms.set(k, v),
  };
  return { ctx, log, xcoms, abort };
}
