import { LookupPending, type SyncConnectionLookup } from './attempt-lookups.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { AssetEventRecord } from '../runs/asset-event-records.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { pyRepr } from '../python/repr.js';
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
  /** The mapped instance's map index; -1 (default) when the task is not mapped. */
  mapIndex?: number;
  profile: AirflowProfile;
  connections: SyncConnectionLookup;
  masker: TaskLogMasker;
  /** Airflow Variables besides `AIRFLOW_VAR_*` (the agent's store); undefined when missing. */
  getVariable?: (key: string) => string | undefined;
  /** Every backend in Airflow's order (secrets backend, environment, store); replaces `env` and `getVariable`. */
  variables?: (key: string) => string | undefined;
  /** Process environment for `AIRFLOW_VAR_<KEY>` (upper-cased key), as Airflow's env secrets backend. */
  env: Readonly<Record<string, string | undefined>>;
  /** The events an asset-triggered run consumed (`triggering_asset_events`). */
  triggeringAssetEvents?: readonly AssetEventRecord[];
  /** The DAG's latest successful run before this one (`prev_*_success`); null or absent when none. */
  previousSuccessfulRun?: DagRunRecord | null;
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
  const { profile } = input;
  const { keys, logicalDateKeys } = profile.templateContext;
  const all = { ...baseContext(input), ...(input.run.logicalDate === null ? {} : logicalDateContext(input)) };
  // The version's key set: a key it lacks (3.x: execution_date, next_ds, tomorrow_ds, …) is undefined, and
  // so is one that needs a logical date the run does not have.
  const allowed = new Set(keys);
  if (input.run.logicalDate === null) for (const k of logicalDateKeys) allowed.delete(k);
  return Object.fromEntries(Object.entries(all).filter(([k]) => allowed.has(k)));
}

/** The keys that exist whatever the run: ids, objects, accessors. */
function baseContext(input: TemplateContextInput): Record<string, unknown> {
  const { dag, task, run, profile } = input;
  const params = { ...dag.params, ...((task.args.params as Record<string, unknown> | undefined) ?? {}), ...run.conf };
  const ti = taskInstanceObject(input);
  const previous = input.previousSuccessfulRun ?? null;
  return {
    run_id: run.runId,
    task_instance_key_str: `${dag.dagId}__${task.taskId}__${run.runId}`,
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
    dag_run: dagRunObject(input),
    params,
    var: { value: variableAccessor(input, false), json: variableAccessor(input, true) },
    conn: connectionAccessor(input),
    macros: MACROS,
    test_mode: false,
    triggering_asset_events: new TriggeringAssetEvents(input.triggeringAssetEvents ?? [], profile),
    task_reschedule_count: 0,
    prev_start_date_success: previous && pyDate(previous.startDate, profile),
    prev_end_date_success: previous && pyDate(previous.endDate, profile),
    partition_key: null,
    partition_date: null,
  };
}

/** The keys of a run with a logical date (all of them on 2.x, where every run has one). */
function logicalDateContext(input: TemplateContextInput): Record<string, unknown> {
  const { dag, task, run, profile } = input;
  const logicalIso = run.logicalDate!;
  const logical = new PyDateTime(logicalIso, profile);
  const day = 86_400_000;
  const ds = logical.strftime('%Y-%m-%d');
  const shiftDs = (days: number): string => strftime(new Date(new Date(logicalIso).getTime() + days * day), '%Y-%m-%d');
  const previous = input.previousSuccessfulRun ?? null;
  return {
    ds,
    ds_nodash: ds.replace(/-/g, ''),
    ts: logical.isoformat(),
    ts_nodash: logical.strftime('%Y%m%dT%H%M%S'),
    ts_nodash_with_tz: logical.isoformat().replace(/[-:]/g, ''),
    logical_date: logical,
    execution_date: logical,
    data_interval_start: pyDate(run.dataIntervalStart, profile),
    data_interval_end: pyDate(run.dataIntervalEnd, profile),
    prev_data_interval_start_success: previous && pyDate(previous.dataIntervalStart, profile),
    prev_data_interval_end_success: previous && pyDate(previous.dataIntervalEnd, profile),
    yesterday_ds: shiftDs(-1),
    yesterday_ds_nodash: shiftDs(-1).replace(/-/g, ''),
    tomorrow_ds: shiftDs(1),
    tomorrow_ds_nodash: shiftDs(1).replace(/-/g, ''),
    task_instance_key_str: `${dag.dagId}__${task.taskId}__${ds.replace(/-/g, '')}`,
  };
}

function pyDate(iso: string | null, profile: AirflowProfile): PyDateTime | null {
  return iso ? new PyDateTime(iso, profile) : null;
}

/** An object whose Python class names attribute errors (`'<class> object' has no attribute 'x'`). */
function pyObject(pyName: string, fields: Record<string, unknown>): object {
  // The renderer names a value's type by `constructor.pyName` (jinja-compat.ts).
  return Object.assign(Object.create({ constructor: { pyName } }) as object, fields);
}

function taskInstanceObject(input: TemplateContextInput): Record<string, unknown> {
  const { dag, task, run, profile } = input;
  const logical = run.logicalDate === null ? null : new PyDateTime(run.logicalDate, profile);
  return {
    dag_id: dag.dagId,
    task_id: task.taskId,
    run_id: run.runId,
    try_number: input.tryNumber,
    map_index: input.mapIndex ?? -1,
    ...(profile.templateContext.dagRunClass === null ? { execution_date: logical } : {}),
    logical_date: logical,
  };
}

/** `dag_run`: the ORM run on 2.x (a mapping here), the execution API's DagRun model on 3.x. */
function dagRunObject(input: TemplateContextInput): object {
  const { dag, run, profile } = input;
  const logical = run.logicalDate === null ? null : new PyDateTime(run.logicalDate, profile);
  const fields = {
    dag_id: dag.dagId,
    run_id: run.runId,
    run_type: profile.templateContext.runTypeRendering === 'enum-name' ? runTypeName(run.runType) : run.runType,
    conf: run.conf,
    logical_date: logical,
    data_interval_start: pyDate(run.dataIntervalStart, profile),
    data_interval_end: pyDate(run.dataIntervalEnd, profile),
  };
  const cls = profile.templateContext.dagRunClass;
  if (cls === null) return { ...fields, external_trigger: run.externalTrigger, execution_date: logical };
  return pyObject(cls, {
    ...fields,
    run_after: pyDate(run.runAfter, profile),
    start_date: pyDate(run.startDate, profile),
    end_date: pyDate(run.endDate, profile),
    clear_number: 0,
  });
}

/** `str(DagRunType.X)` of Airflow 3's enum: `DagRunType.MANUAL`, `DagRunType.BACKFILL_JOB`, … */
function runTypeName(runType: DagRunRecord['runType']): string {
  return `DagRunType.${runType === 'backfill' ? 'BACKFILL_JOB' : runType.toUpperCase()}`;
}

/**
 * `triggering_asset_events` (3.x): the events an asset-triggered run consumed, by asset. Prints as Airflow's
 * `TriggeringAssetEventAccessor(_events=defaultdict(<class 'list'>, {AssetUniqueKey(…): [AssetEventDagRunReferenceResult(…)]}))`.
 */
export class TriggeringAssetEvents {
  static readonly pyName = 'TriggeringAssetEventAccessor';
  readonly #events: readonly AssetEventRecord[];
  readonly #withPartitionKey: boolean;

  constructor(events: readonly AssetEventRecord[], profile: AirflowProfile) {
    this.#events = events;
    this.#withPartitionKey = profile.templateContext.assetEventPartitionKey;
  }

  get length(): number {
    return this.#byAsset().size;
  }

  #byAsset(): Map<string, AssetEventRecord[]> {
    const by = new Map<string, AssetEventRecord[]>();
    for (const e of this.#events) {
      const k = `AssetUniqueKey(name=${pyRepr(e.name)}, uri=${pyRepr(e.uri)})`;
      by.set(k, [...(by.get(k) ?? []), e]);
    }
    return by;
  }

  toString(): string {
    const entries = [...this.#byAsset()].map(
      ([k, events]) => `${k}: [${events.map((e) => this.#event(e)).join(', ')}]`,
    );
    return `TriggeringAssetEventAccessor(_events=defaultdict(<class 'list'>, {${entries.join(', ')}}))`;
  }

  #event(e: AssetEventRecord): string {
    const extra = pyRepr(e.extra);
    const fields = [
      `asset=AssetReferenceAssetEventDagRun(name=${pyRepr(e.name)}, uri=${pyRepr(e.uri)}, extra=${extra})`,
      `extra=${extra}`,
      `source_task_id=${pyRepr(e.sourceTaskId)}`,
      `source_dag_id=${pyRepr(e.sourceDagId)}`,
      `source_run_id=${pyRepr(e.sourceRunId)}`,
      `source_map_index=${pyRepr(e.sourceMapIndex)}`,
      'source_aliases=[]',
      `timestamp=${pyDatetimeRepr(e.timestamp)}`,
      ...(this.#withPartitionKey ? ['partition_key=None'] : []),
    ];
    return `AssetEventDagRunReferenceResult(${fields.join(', ')})`;
  }
}

/** `repr(datetime)` of an aware UTC datetime: `datetime.datetime(2026, 12, 7, 12, 48, 16, 290395, tzinfo=datetime.timezone.utc)`. */
function pyDatetimeRepr(iso: string): string {
  const d = new Date(iso);
  const micros = Number(/\.(\d{1,6})/.exec(iso)?.[1]?.padEnd(6, '0') ?? 0);
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const tail = micros ? [d.getUTCSeconds(), micros] : d.getUTCSeconds() ? [d.getUTCSeconds()] : [];
  return `datetime.datetime(${[...parts, ...tail].join(', ')}, tzinfo=datetime.timezone.utc)`;
}
