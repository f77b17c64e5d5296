import type { FastifyInstance } from 'fastify';
import type { DagRunRecord, TaskInstanceRecord, TaskInstanceState } from '../../runs/run-records.js';
import { storedDate } from '../../runs/stored-date.js';
import { clearTaskInstances, resetRun } from './dag-run-routes.js';
import { bodyOf } from './fastapi-handling.js';
import { QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { ClearTaskInstancesBody, PatchTaskInstanceBody, TI_STATES } from './request-models.js';
import { taskInstanceTryJson } from './run-shapes.js';
import { notFound } from './validation-error.js';
import { V2Lookups, type V2Deps } from './v2-deps.js';

type RunParams = { dag_id: string; dag_run_id: string };
type TiParams = RunParams & { task_id: string };

/** Task ids with their upstream and/or downstream relatives (Airflow's `partial_subset`). */
function withRelatives(
  dag: { tasks: { taskId: string; upstream: string[]; downstream: string[] }[] } | undefined,
  ids: readonly string[],
  up: boolean,
  down: boolean,
): Set<string> {
  const out = new Set(ids);
  if (!dag || (!up && !down)) return out;
  const byId = new Map(dag.tasks.map((t) => [t.taskId, t]));
  const walk = (start: string, next: (id: string) => string[]) => {
    const stack = next(start);
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id) && !ids.includes(id)) continue;
      out.add(id);
      stack.push(...next(id));
    }
  };
  for (const id of ids) {
    if (up) walk(id, (x) => [...(byId.get(x)?.upstream ?? [])]);
    if (down) walk(id, (x) => [...(byId.get(x)?.downstream ?? [])]);
  }
  return out;
}

/** Task instances, their tries, state changes, clearing, logs and XCom entries. */
export function registerTaskInstanceRoutes(app: FastifyInstance, deps: V2Deps): void {
  const look = new V2Lookups(deps);
  const { store, clock } = deps.api;

  const runOf = (p: RunParams): DagRunRecord => look.run(p.dag_id, p.dag_run_id);

  /** The unmapped instance of a task (map_index -1), with Airflow 3's 404 texts. */
  const tiOf = (p: TiParams, mapIndex = -1): { run: DagRunRecord; ti: TaskInstanceRecord } => {
    const run = runOf(p);
    const all = store.listTaskInstances(p.dag_id, p.dag_run_id).filter((t) => t.taskId === p.task_id);
    const ti = all.find((t) => t.mapIndex === mapIndex);
    if (ti) return { run, ti };
    if (mapIndex === -1 && all.length) throw notFound('Task instance is mapped, add the map_index value to the URL');
    throw notFound(
      mapIndex === -1
        ? `The Task Instance with dag_id: \`${p.dag_id}\`, run_id: \`${p.dag_run_id}\` and task_id: \`${p.task_id}\` was not found`
        : `The Mapped Task Instance with dag_id: \`${p.dag_id}\`, run_id: \`${p.dag_run_id}\`, task_id: \`${p.task_id}\`, and map_index: \`${mapIndex}\` was not found`,
    );
  };

  const listJson = (tis: TaskInstanceRecord[], run: DagRunRecord | ((ti: TaskInstanceRecord) => DagRunRecord)) =>
    tis.map((t) => look.taskInstanceJson(t, typeof run === 'function' ? run(t) : run));

  app.get<{ Params: RunParams }>('/dags/:dag_id/dagRuns/:dag_run_id/taskInstances', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const taskId = q.str('task_id');
    const states = q.states('state', [...TI_STATES, 'no_status']).map((v) => (v === 'no_status' ? null : v));
    const mapIndexes = q.list('map_index').map(Number);
    const operators = q.list('operator');
    q.done();
    const order = readOrderBy(
      q,
      [
        'id',
        'state',
        'duration',
        'start_date',
        'end_date',
        'map_index',
        'try_number',
        'logical_date',
        'run_after',
        'operator',
        'task_id',
      ],
      'id',
      'map_index',
    );
    const { dag_id: dagId, dag_run_id: runId } = req.params;
    const runs = (dagId === '~' ? store.listRuns(null).runs : [look.dag(dagId) && runOf(req.params)]).filter(
      (r) => runId === '~' || r.runId === runId,
    );
    const runByKey = new Map(runs.map((r) => [`${r.dagId}\0${r.runId}`, r]));
    const tis = runs
      .flatMap((r) => store.listTaskInstances(r.dagId, r.runId))
      .filter(
        (t) =>
          (taskId === undefined || t.taskId === taskId) &&
          (!states.length || states.includes(t.state)) &&
          (!mapIndexes.length || mapIndexes.includes(t.mapIndex)) &&
          (!operators.length || operators.includes(t.operator)),
      );
    const runFor = (t: TaskInstanceRecord) => runByKey.get(`${t.dagId}\0${t.runId}`)!;
    const position = new Map(look.inDagOrder(tis).map((t, i) => [t, i]));
    const field = (t: TaskInstanceRecord, f: string): unknown =>
      f === 'id'
        ? position.get(t)
        : f === 'logical_date'
          ? runFor(t).logicalDate
          : f === 'run_after'
            ? runFor(t).queuedAt
            : (t as unknown as Record<string, unknown>)[f.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())];
    const { items, total } = sortAndPage(tis, order, field, page);
    return { task_instances: listJson(items, runFor), total_entries: total, next_cursor: null, previous_cursor: null };
  });

  app.get<{ Params: TiParams }>('/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id', async (req) => {
    const { run, ti } = tiOf(req.params);
    return look.taskInstanceJson(ti, run);
  });

  app.get<{ Params: TiParams }>('/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/listMapped', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    q.done();
    const run = runOf(req.params);
    const dag = look.dag(req.params.dag_id);
    if (!dag.tasks.some((t) => t.taskId === req.params.task_id))
      throw notFound(`Task id ${req.params.task_id} not found`);
    const mapped = store
      .listTaskInstances(run.dagId, run.runId)
      .filter((t) => t.taskId === req.params.task_id && t.mapIndex >= 0);
    if (!mapped.length) throw notFound(`Task id ${req.params.task_id} is not mapped`);
    const { items, total } = sortAndPage(mapped, [{ field: 'mapIndex', descending: false }], (t) => t.mapIndex, page);
    return { task_instances: listJson(items, run), total_entries: total };
  });

  const tries = (run: DagRunRecord, ti: TaskInstanceRecord) => {
    const ctx = look.tiContext(run, ti.taskId);
    const n = Math.max(ti.tryNumber, 0);
    return Array.from({ length: n }, (_, i) => taskInstanceTryJson(ti, ctx, i + 1));
  };

  app.get<{ Params: TiParams }>('/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/tries', async (req) => {
    const { run, ti } = tiOf(req.params);
    const all = tries(run, ti);
    return { task_instances: all, total_entries: all.length };
  });

  app.get<{ Params: TiParams & { try_number: string } }>(
    '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/tries/:try_number',
    async (req) => {
      const q = new QueryReader({ task_try_number: req.params.try_number }, 'path');
      const n = q.int('task_try_number', 0);
      q.done();
      const { run, ti } = tiOf(req.params);
      const found = n >= 1 && n <= ti.tryNumber ? tries(run, ti)[n - 1] : undefined;
      if (!found)
        throw notFound(
          `The Task Instance with dag_id: \`${run.dagId}\`, run_id: \`${run.runId}\`, task_id: \`${ti.taskId}\`, try_number: \`${n}\` and map_index: \`-1\` was not found`,
        );
      return found;
    },
  );

  app.get<{ Params: TiParams & { map_index: string } }>(
    '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/:map_index',
    async (req) => {
      const q = new QueryReader({ map_index: req.params.map_index }, 'path');
      const mapIndex = q.int('map_index', -1);
      q.done();
      const { run, ti } = tiOf(req.params, mapIndex);
      return look.taskInstanceJson(ti, run);
    },
  );

  app.patch<{ Params: TiParams }>('/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id', async (req) => {
    const q = new QueryReader(req.query);
    const mask = q.list('update_mask');
    q.done();
    const body = parseBody(PatchTaskInstanceBody, bodyOf(req));
    look.dag(req.params.dag_id);
    const { run, ti } = tiOf(req.params);
    const wants = (f: string) => f in body && (!mask.length || mask.includes(f));
    let targets = [ti];
    if (wants('new_state') && body.new_state) {
      const dag = deps.api.dags.get(run.dagId);
      const ids = withRelatives(dag, [ti.taskId], body.include_upstream === true, body.include_downstream === true);
      targets = store.listTaskInstances(run.dagId, run.runId).filter((t) => ids.has(t.taskId));
      const now = storedDate(clock.now());
      for (const t of targets) {
        const [startDate, endDate] = [t.startDate ?? now, t.endDate ?? now];
        store.updateTaskInstance(
          t.dagId,
          t.runId,
          t.taskId,
          {
            state: body.new_state as TaskInstanceState,
            startDate,
            endDate,
            duration: (Date.parse(endDate) - Date.parse(startDate)) / 1000,
          },
          t.mapIndex,
        );
      }
      deps.api.wake();
    }
    if (wants('note'))
      store.updateTaskInstance(
        ti.dagId,
        ti.runId,
        ti.taskId,
        { note: (body.note as string | null) ?? null },
        ti.mapIndex,
      );
    const fresh = targets.map((t) => store.getTaskInstance(t.dagId, t.runId, t.taskId, t.mapIndex)!);
    return {
      task_instances: listJson(fresh, run),
      total_entries: fresh.length,
      next_cursor: null,
      previous_cursor: null,
    };
  });

  app.post<{ Params: { dag_id: string } }>('/dags/:dag_id/clearTaskInstances', async (req) => {
    const body = parseBody(ClearTaskInstancesBody, bodyOf(req));
    const dag = look.dag(req.params.dag_id);
    const runId = body.dag_run_id as string | null | undefined;
    const runs = runId ? [look.run(dag.dagId, runId)] : store.listRuns(dag.dagId).runs;
    const start = (body.start_date as { date: Date } | null | undefined)?.date.getTime();
    const end = (body.end_date as { date: Date } | null | undefined)?.date.getTime();
    // Airflow filters on DagRun.logical_date: a run without one is outside any window (NULL compares false).
    const inWindow = (r: DagRunRecord) => {
      if (r.logicalDate === null) return start === undefined && end === undefined;
      const t = Date.parse(r.logicalDate);
      return (start === undefined || t >= start) && (end === undefined || t <= end);
    };
    const taskIds = body.task_ids as string[] | null | undefined;
    const ids = taskIds
      ? withRelatives(dag, taskIds, body.include_upstream === true, body.include_downstream === true)
      : null;
    const onlyFailed = (body.only_failed ?? true) === true;
    const onlyRunning = body.only_running === true;
    const chosen = runs.filter(inWindow).flatMap((r) =>
      look
        .inDagOrder(store.listTaskInstances(r.dagId, r.runId))
        .filter(
          (t) =>
            (!ids || ids.has(t.taskId)) &&
            (!onlyFailed || t.state === 'failed' || t.state === 'upstream_failed') &&
            (!onlyRunning || t.state === 'running'),
        )
        .map((t) => ({ t, r })),
    );
    if (!(body.dry_run ?? true)) {
      clearTaskInstances(
        deps,
        chosen.map((c) => c.t),
      );
      if ((body.reset_dag_runs ?? true) === true) {
        const touched = new Map(chosen.map((c) => [c.r.runId, c.r]));
        for (const r of touched.values()) resetRun(deps, r);
      }
      deps.api.wake();
    }
    const out = chosen.map(({ t, r }) =>
      look.taskInstanceJson(
        store.getTaskInstance(t.dagId, t.runId, t.taskId, t.mapIndex) ?? t,
        store.getRun(r.dagId, r.runId) ?? r,
      ),
    );
    return { task_instances: out, total_entries: out.length, next_cursor: null, previous_cursor: null };
  });
}
