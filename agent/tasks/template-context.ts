import { LookupPending, type SyncConnectionLookup } from './attempt-lookups.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { isoformatUtc, pendulumStr } from '../python/datetime-format.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { PythonException } from '../python/exceptions.js';
import { strftime, strptime } from '../python/strftime.js';
import type { TaskLogMasker } from './task-log-masker.js';

/** A pendulum DateTime as templates see it: `str()` per the emulated pendulum, strftime, isoformat, fields. */
export class PyDateTime {
  static readonly pyName = 'DateTime';
  readonly #date: Date;
  readonly #iso: string;
  readonly #pendulumMajor: 2 | 3;

  constructor(iso: string, profile: AirflowProfile) {
    this.#date = new Date(iso);
    this.#iso = iso;
    this.#pendulumMajor = profile.libraries.pendulumMajor;
  }

  get year(): number {
    return this.#date.getUTCFullYear();
  }
  get month(): number {
    return this.#date.getUTCMonth() + 1;
  }
  get day(): number {
    return this.#date.getUTCDate();
  }
  get hour(): number {
    return this.#date.getUTCHours();
  }
  get minute(): number {
    return this.#date.getUTCMinutes();
  }
  get second(): number {
    return this.#date.getUTCSeconds();
  }

  isoformat(sep = 'T'): string {
    return isoformatUtc(this.#iso, sep);
  }

  strftime(fmt: string): string {
    const m = /\.(\d{1,6})/.exec(this.#iso);
    return strftime(this.#date, fmt, m ? Number(m[1]!.padEnd(6, '0')) : undefined);
  }

  timestamp(): number {
    return this.#date.getTime() / 1000;
  }

  toString(): string {
    return pendulumStr(this.#iso, this.#pendulumMajor);
  }
}

/** Filters Airflow adds to its Jinja environment (`airflow/templates.py`). */
export const AIRFLOW_FILTERS: Record<string, (v: PyDateTime) => string> = {
  ds: (v) => v.strftime('%Y-%m-%d'),
  ds_nodash: (v) => v.strftime('%Y%m%d'),
  ts: (v) => v.isoformat(),
  ts_nodash: (v) => v.strftime('%Y%m%dT%H%M%S'),
  ts_nodash_with_tz: (v) => v.isoformat().replace(/[-:]/g, ''),
};

/** `airflow.macros` as DAG authors use it. */
export const MACROS = {
  ds_add(ds: string, days: number): string {
    const t = strptime(ds, '%Y-%m-%d');
    return strftime(new Date(t.getTime() + days * 86_400_000), '%Y-%m-%d');
  },
  ds_format(ds: string, inputFormat: string, outputFormat: string): string {
    return strftime(strptime(ds, inputFormat), outputFormat);
  },
};

export interface TemplateContextInput {
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  tryNumber: number;
  profile: AirflowProfile;
  connections: SyncConnectionLookup;
  masker: TaskLogMasker;
  /** Airflow Variables besides `AIRFLOW_VAR_*` (the agent's store); undefined when missing. */
  getVariable?: (key: string) => string | undefined;
  /** Every backend in Airflow's order (secrets backend, environment, store); replaces `env` and `getVariable`. */
  variables?: (key: string) => string | undefined;
  /** Process environment for `AIRFLOW_VAR_<KEY>` (upper-cased key), as Airflow's env secrets backend. */
  env: Readonly<Record<string, string | undefined>>;
}

function variableAccessor(input: TemplateContextInput, asJson: boolean): object {
  const lookup = (key: string): string | undefined =>
    input.variables
      ? input.variables(key)
      : (input.env[`AIRFLOW_VAR_${key.toUpperCase()}`] ?? input.getVariable?.(key));
  const decode = (raw: string): unknown => (asJson ? JSON.parse(raw) : raw);
  return new Proxy(
    {},
    {
      get(_t, key) {
        // Not a plain object to nunjucks' Jinja compat, whose dict.get would bypass ours.
        if (key === Symbol.toStringTag) return 'VariableAccessor';
        if (typeof key !== 'string') return undefined;
        if (key === 'get') {
          return (k: string, dflt: unknown = null) => {
            const raw = lookup(k);
            return raw === undefined ? dflt : decode(raw);
          };
        }
        const raw = lookup(key);
        // Airflow masks a Variable whose key looks sensitive once it is read.
        if (raw !== undefined && input.masker.isSensitiveName(key)) input.masker.addSecret(raw);
        if (raw === undefined) throw new PythonException('KeyError', `'Variable ${key} does not exist'`);
        return decode(raw);
      },
    },
  );
}

function connectionAccessor(input: TemplateContextInput): object {
  const load = (connId: string): Record<string, unknown> => {
    let resolved;
    try {
      resolved = input.connections.get(connId);
    } catch (e) {
      if (e instanceof LookupPending) throw e;
      throw new PythonException(
        'airflow.exceptions.AirflowNotFoundException',
        `The conn_id \`${connId}\` isn't defined`,
      );
    }
    const c = resolved.connection;
    input.masker.addConnection(c);
    let extra: unknown = {};
    try {
      extra = c.extra ? JSON.parse(c.extra) : {};
    } catch {
      extra = {};
    }
    return {
      conn_id: c.connId,
      conn_type: c.connType,
      host: c.host,
      login: c.login,
      password: c.password,
      port: c.port,
      schema: c.schema,
      extra: c.extra,
      extra_dejson: extra,
      description: c.description,
    };
  };
  return new Proxy(
    {},
    {
      get: (_t, key) =>
        key === Symbol.toStringTag
          ? 'ConnectionAccessor'
          : typeof key !== 'string'
            ? undefined
            : key === 'get'
              ? (id: string) => load(id)
              : load(key),
    },
  );
}

/** Airflow's template context (`TaskInstance.get_template_context`) for one attempt. */
export function buildTemplateContext(input: TemplateContextInput): Record<string, unknown> {
  const { dag, task, run, profile } = input;
  const logical = new PyDateTime(run.logicalDate, profile);
  const day = 86_400_000;
  const ds = logical.strftime('%Y-%m-%d');
  const shiftDs = (days: number): string =>
    strftime(new Date(new Date(run.logicalDate).getTime() + days * day), '%Y-%m-%d');
  const params = { ...dag.params, ...((task.args.params as Record<string, unknown> | undefined) ?? {}), ...run.conf };
  const dt = (iso: string | null): PyDateTime | null => (iso ? new PyDateTime(iso, profile) : null);
  const ti = {
    dag_id: dag.dagId,
    task_id: task.taskId,
    run_id: run.runId,
    try_number: input.tryNumber,
    map_index: -1,
    execution_date: logical,
    logical_date: logical,
  };
  const dagRun = {
    dag_id: dag.dagId,
    run_id: run.runId,
    run_type: run.runType,
    conf: run.conf,
    external_trigger: run.externalTrigger,
    logical_date: logical,
    execution_date: logical,
    data_interval_start: dt(run.dataIntervalStart),
    data_interval_end: dt(run.dataIntervalEnd),
  };
  return {
    ds,
    ds_nodash: ds.replace(/-/g, ''),
    ts: logical.isoformat(),
    ts_nodash: logical.strftime('%Y%m%dT%H%M%S'),
    ts_nodash_with_tz: logical.isoformat().replace(/[-:]/g, ''),
    logical_date: logical,
    execution_date: logical,
    data_interval_start: dt(run.dataIntervalStart),
    data_interval_end: dt(run.dataIntervalEnd),
    yesterday_ds: shiftDs(-1),
    yesterday_ds_nodash: shiftDs(-1).replace(/-/g, ''),
    tomorrow_ds: shiftDs(1),
    tomorrow_ds_nodash: shiftDs(1).replace(/-/g, ''),
    run_id: run.runId,
    task_instance_key_str: `${dag.dagId}__${task.taskId}__${ds.replace(/-/g, '')}`,
    dag: { dag_id: dag.dagId, fileloc: dag.fileloc, params: dag.params, tags: dag.tags, description: dag.description },
    task: {
      task_id: task.taskId,
      task_type: task.operator,
      retries: task.retries,
      trigger_rule: task.triggerRule,
      owner: task.args.owner ?? 'airflow',
    },
    ti,
    task_instance: ti,
    dag_run: dagRun,
    params,
    var: { value: variableAccessor(input, false), json: variableAccessor(input, true) },
    conn: connectionAccessor(input),
    macros: MACROS,
    test_mode: false,
  };
}
