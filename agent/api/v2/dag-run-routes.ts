import type { FastifyInstance } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { DagRunRecord, TaskInstanceRecord } from '../../runs/run-records.js';
import { storedDate } from '../../runs/stored-date.js';
import { bodyOf } from './fastapi-handling.js';
import { type ParsedDatetime, pydanticDatetimeText } from './pydantic-fields.js';
import { QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { DAGRunClearBody, DAGRunPatchBody, TriggerDAGRunPostBody } from './request-models.js';
import { dagRunJson, runAfter } from './run-shapes.js';
import { badRequest, notFound, uniqueViolation } from './validation-error.js';
import { V2Lookups, type V2Deps } from './v2-deps.js';

type RunParams = { dag_id: string; dag_run_id: string };

export const DAG_RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
const RUN_TYPES = [
  'backfill',
  'scheduled',
  'manual',
  'operator_triggered',
  'asset_triggered',
  'asset_materialization',
] as const;

/** A parsed request date in the store's form, its microseconds kept. */
const isoOf = (d: ParsedDatetime): string =>
  storedDate(`${d.date.toISOString().slice(0, 19)}.${String(d.micros).padStart(6, '0')}Z`);

/** Date-range filters of a list (`<name>_gte`, `_gt`, `_lte`, `_lt`), as epoch milliseconds. */
export function rangeFilters(
  q: QueryReader,
  names: readonly string[],
): ((get: (f: string) => string | null) => boolean)[] {
  const out: ((get: (f: string) => string | null) => boolean)[] = [];
  for (const name of names) {
    for (const [suffix, test] of [
      ['gte', (a: number, b: number) => a >= b],
      ['gt', (a: number, b: number) => a > b],
      ['lte', (a: number, b: number) => a <= b],
      ['lt', (a: number, b: number) => a < b],
    ] as const) {
      const bound = q.datetime(`${name}_${suffix}`);
      if (bound === undefined) continue;
      out.push((get) => {
        const v = get(name);
        return v !== null && test(Date.parse(v), bound);
      });
    }
  }
  return out;
}

/** GET/POST /dags/{dag_id}/dagRuns, GET/PATCH /dagRuns/{id}, POST /dagRuns/{id}/clear. */
export function registerDagRunRoutes(app: FastifyInstance, deps: V2Deps): void {
  const look = new V2Lookups(deps);
  const { store, clock } = deps.api;

  const runJson = (r: DagRunRecord) => dagRunJson(r, deps.api.dags.get(r.dagId), store.getDag(r.dagId));

  app.get<{ Params: { dag_id: string } }>('/dags/:dag_id/dagRuns', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const states = q.states('state', DAG_RUN_STATES);
    const runTypes = q.states('run_type', RUN_TYPES, 'run type');
    const ranges = rangeFilters(q, ['run_after', 'logical_date', 'start_date', 'end_date']);
    const pattern = q.str('run_id_pattern');
    q.done();
    const order = readOrderBy(
      q,
      ['id', 'state', 'dag_id', 'run_id', 'dag_run_id', 'logical_date', 'run_after', 'start_date', 'end_date', 'conf'],
      'id',
    );
    const dagId = req.params.dag_id === '~' ? null : req.params.dag_id;
    if (dagId !== null) look.dag(dagId);
    const runs = store.listRuns(dagId).runs.filter((r) => {
      if (states.length && !states.includes(r.state)) return false;
      if (runTypes.length && !runTypes.includes(r.runType)) return false;
      if (pattern !== undefined && pattern !== '~' && !r.runId.toLowerCase().includes(pattern.toLowerCase()))
        return false;
      const json = runJson(r);
      return ranges.every((f) => f((name) => json[name] as string | null));
    });
    // `id` is the insertion order; the store lists runs oldest first.
    const index = new Map(runs.map((r, i) => [r, i]));
    const field = (r: DagRunRecord, f: string): unknown => {
      switch (f) {
        case 'id':
          return index.get(r);
        case 'run_id':
        case 'dag_run_id':
          return r.runId;
        case 'dag_id':
          return r.dagId;
        case 'logical_date':
          return r.logicalDate;
        case 'run_after':
          return runAfter(r);
        case 'start_date':
          return r.startDate;
        case 'end_date':
          return r.endDate;
        case 'conf':
          return JSON.stringify(r.conf);
        default:
          return r.state;
      }
    };
    const { items, total } = sortAndPage(runs, order, field, page);
    return { dag_runs: items.map(runJson), total_entries: total, next_cursor: null, previous_cursor: null };
  });

  app.get<{ Params: RunParams }>('/dags/:dag_id/dagRuns/:dag_run_id', async (req) =>
    runJson(look.run(req.params.dag_id, req.params.dag_run_id)),
  );

  app.post<{ Params: { dag_id: string } }>('/dags/:dag_id/dagRuns', async (req) => {
    const body = parseBody(TriggerDAGRunPostBody, bodyOf(req));
    const dagId = req.params.dag_id;
    const dag = deps.api.dags.get(dagId);
    if (!dag) throw notFound(`Dag with dag_id: '${dagId}' not found`);
    if (deps.api.dags.hasImportErrors(dagId))
      throw badRequest(`Dag with dag_id: '${dagId}' has import errors and cannot be triggered`);
    const logical = body.logical_date as ParsedDatetime | null;
    const start = body.data_interval_start as ParsedDatetime | null | undefined;
    const end = body.data_interval_end as ParsedDatetime | null | undefined;
    // Airflow 3 names a manual run after the time it may run (run_after, now), whatever its logical date.
    const runAfterDate = (body.run_after as ParsedDatetime | null | undefined)?.date ?? clock.now();
    try {
      const run = deps.api.triggerRun(dag, {
        runId: (body.dag_run_id as string | null | undefined) ?? `manual__${storedDate(runAfterDate)}`,
        logicalDate: logical ? isoOf(logical) : undefined,
        dataInterval: start && end && logical ? { start: isoOf(start), end: isoOf(end) } : undefined,
        conf: (body.conf as Record<string, unknown> | null | undefined) ?? {},
        note: (body.note as string | null | undefined) ?? null,
        runAfter: runAfterDate.toISOString(),
        triggeringUserName: req.tokenUser,
      });
      deps.api.wake();
      // The answer is the run object built from the request, before the database reads it back in UTC: the
      // dates given keep their offset.
      const json = runJson(run);
      if (logical) json.logical_date = pydanticDatetimeText(logical);
      if (start && end && logical) {
        json.data_interval_start = pydanticDatetimeText(start);
        json.data_interval_end = pydanticDatetimeText(end);
      }
      return json;
    } catch (e) {
      if (isAgentError(e, 'DAG_RUN_EXISTS')) throw uniqueViolation();
      if (isAgentError(e, 'API_BAD_REQUEST')) throw badRequest(e.message);
      throw e;
    }
  });

  app.patch<{ Params: RunParams }>('/dags/:dag_id/dagRuns/:dag_run_id', async (req) => {
    const q = new QueryReader(req.query);
    const mask = q.list('update_mask');
    q.done();
    const body = parseBody(DAGRunPatchBody, bodyOf(req));
    const { dag_id: dagId, dag_run_id: runId } = req.params;
    look.dag(dagId);
    let run = look.run(dagId, runId);
    const fields = Object.keys(body).filter((f) => !mask.length || mask.includes(f));
    for (const f of fields) {
      if (f === 'state' && body.state) run = setRunState(run, body.state as 'queued' | 'success' | 'failed');
      if (f === 'note') run = store.updateRun(dagId, runId, { note: (body.note as string | null) ?? null });
    }
    deps.api.wake();
    return runJson(run);
  });

  /** set_dag_run_state_to_success / _failed / _queued of Airflow. */
  function setRunState(run: DagRunRecord, state: 'queued' | 'success' | 'failed'): DagRunRecord {
    const now = storedDate(clock.now());
    if (state === 'queued') return store.updateRun(run.dagId, run.runId, { state, endDate: null });
    for (const ti of store.listTaskInstances(run.dagId, run.runId)) {
      const next: TaskInstanceRecord['state'] | undefined =
        state === 'success'
          ? ti.state === 'success'
            ? undefined
            : 'success'
          : ti.state === 'running' || ti.state === 'queued'
            ? 'failed'
            : ti.state === null || ti.state === 'scheduled' || ti.state === 'up_for_retry'
              ? 'skipped'
              : undefined;
      if (next) {
        const [startDate, endDate] = [ti.startDate ?? now, ti.endDate ?? now];
        store.updateTaskInstance(
          ti.dagId,
          ti.runId,
          ti.taskId,
          { state: next, startDate, endDate, duration: (Date.parse(endDate) - Date.parse(startDate)) / 1000 },
          ti.mapIndex,
        );
      }
    }
    return store.updateRun(run.dagId, run.runId, { state, endDate: now });
  }

  app.post<{ Params: RunParams }>('/dags/:dag_id/dagRuns/:dag_run_id/clear', async (req) => {
    const body = parseBody(DAGRunClearBody, bodyOf(req));
    const { dag_id: dagId, dag_run_id: runId } = req.params;
    look.dag(dagId);
    const run = look.run(dagId, runId);
    const onlyFailed = body.only_failed === true;
    const tis = look
      .inDagOrder(store.listTaskInstances(dagId, runId))
      .filter((t) => !onlyFailed || t.state === 'failed' || t.state === 'upstream_failed');
    if (body.dry_run ?? true)
      return { task_instances: tis.map((t) => look.taskInstanceJson(t, run)), total_entries: tis.length };
    clearTaskInstances(deps, tis);
    const cleared = resetRun(deps, run, (body.note as string | null | undefined) ?? undefined);
    deps.api.wake();
    return runJson(cleared);
  });
}

/** Airflow's `clear_task_instances`: the instances run again, each with its retries available anew. */
export function clearTaskInstances(deps: V2Deps, tis: readonly TaskInstanceRecord[]): void {
  for (const ti of tis) {
    const task = deps.api.dags.get(ti.dagId)?.tasks.find((t) => t.taskId === ti.taskId);
    deps.api.store.updateTaskInstance(
      ti.dagId,
      ti.runId,
      ti.taskId,
      { state: null, maxTries: ti.tryNumber + (task?.retries ?? ti.maxTries), nextRetryAt: null },
      ti.mapIndex,
    );
  }
}

/** A cleared run goes back to the queue (Airflow sets it queued, without a start or end, queued now). */
export function resetRun(deps: V2Deps, run: DagRunRecord, note?: string): DagRunRecord {
  const now = storedDate(deps.api.clock.now());
  return deps.api.store.updateRun(run.dagId, run.runId, {
    state: 'queued',
    startDate: null,
    endDate: null,
    queuedAt: now,
    lastSchedulingDecision: null,
    ...(note !== undefined ? { note } : {}),
  });
}
