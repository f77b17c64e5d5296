import type { ConnectionStore } from '../../connections/connection-store.js';
import type { VariableStore } from '../../connections/variable-store.js';
import type { DagSpec } from '../../dags/dag-model.js';
import type { DagRunRecord, TaskInstanceRecord } from '../../runs/run-records.js';
import { priorityWeights } from '../../tasks/ti-planner.js';
import type { ApiDeps } from '../api-deps.js';
import type { JwtTokens } from '../auth/jwt-tokens.js';
import { type DagContext, dagDetailsJson, dagJson } from './dag-shapes.js';
import { type TiContext, taskInstanceJson } from './run-shapes.js';
import { notFound } from './validation-error.js';

/** What the /api/v2 routes need from the running agent. */
export interface V2Deps {
  api: ApiDeps;
  tokens: JwtTokens;
  /** The one user of the simple auth manager (role admin): `--api-user` / `--api-password`. */
  credentials: { user: string; password: string };
  /** Signs file tokens and log continuation tokens (Airflow's `[api] secret_key`). */
  secret: string;
  /** `[core] dags_are_paused_at_creation` in effect (it follows the emulated version and the configuration). */
  pausedByDefault: () => boolean;
  connections: ConnectionStore;
  /** Throws AgentError CONNECTION_TYPE_UNAVAILABLE when the requirements lack the type. */
  assertConnectionTypeAvailable(connType: string): void;
  variables: VariableStore;
}

/** Lookups and JSON builders shared by the v2 route files, with Airflow 3's 404 texts. */
export class V2Lookups {
  readonly #d: V2Deps;

  constructor(deps: V2Deps) {
    this.#d = deps;
  }

  /** A parsed DAG, or 404 as the DagBag dependency answers (`common/dagbag.py`). */
  dag(dagId: string): DagSpec {
    const dag = this.#d.api.dags.get(dagId);
    if (!dag) throw notFound(`The Dag with ID: \`${dagId}\` was not found`);
    return dag;
  }

  dagContext(dag: DagSpec): DagContext {
    const { api } = this.#d;
    const record = api.store.getDag(dag.dagId);
    return {
      record,
      schedule: api.scheduleInfo(dag, record, api.clock.now()),
      hasImportErrors: api.dags.hasImportErrors(dag.dagId),
      pausedByDefault: this.#d.pausedByDefault(),
      secret: this.#d.secret,
    };
  }

  dagJson(dag: DagSpec): Record<string, unknown> {
    return dagJson(dag, this.dagContext(dag));
  }

  dagDetailsJson(dag: DagSpec): Record<string, unknown> {
    const active = this.#d.api.store.listRuns(dag.dagId, { state: ['running'] }).total;
    return dagDetailsJson(dag, this.dagContext(dag), active);
  }

  run(dagId: string, runId: string): DagRunRecord {
    const run = this.#d.api.store.getRun(dagId, runId);
    if (!run) throw notFound(`The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`);
    return run;
  }

  tiContext(run: DagRunRecord, taskId: string): TiContext {
    const dag = this.#d.api.dags.get(run.dagId);
    return {
      run,
      dag,
      dagRecord: this.#d.api.store.getDag(run.dagId),
      priorityWeight: dag ? (priorityWeights(dag).get(taskId) ?? 1) : 1,
    };
  }

  /**
   * A task's place in its DAG file: Airflow creates a run's task instances in the order the tasks were defined
   * (and lists them so by id), which the agent reads as the line of the operator call.
   */
  taskOrder(dagId: string): (taskId: string) => number {
    const tasks = [...(this.#d.api.dags.get(dagId)?.tasks ?? [])].sort(
      (a, b) => a.line - b.line || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0),
    );
    const index = new Map(tasks.map((t, i) => [t.taskId, i]));
    return (taskId) => index.get(taskId) ?? tasks.length;
  }

  /** Task instances in the order Airflow lists them by default: definition order, then map index. */
  inDagOrder(tis: readonly TaskInstanceRecord[]): TaskInstanceRecord[] {
    const orders = new Map<string, (taskId: string) => number>();
    const order = (t: TaskInstanceRecord) => {
      let o = orders.get(t.dagId);
      if (!o) orders.set(t.dagId, (o = this.taskOrder(t.dagId)));
      return o(t.taskId);
    };
    return [...tis].sort((a, b) => order(a) - order(b) || a.mapIndex - b.mapIndex);
  }

  taskInstanceJson(ti: TaskInstanceRecord, run: DagRunRecord): Record<string, unknown> {
    return taskInstanceJson(ti, this.tiContext(run, ti.taskId));
  }
}
