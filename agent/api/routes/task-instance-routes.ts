import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { taskInstanceJson } from '../json-shapes.js';
import { paginate, parsePage } from '../pagination.js';
import { notFound } from '../problem.js';
import { apiDate } from '../api-date.js';
import type { LogTokens } from '../log-pages.js';
import { registerTaskLogRoute } from './task-log-route.js';
import { dagRunNotFound } from './dag-run-routes.js';

type RunParams = { dag_id: string; dag_run_id: string };
type TiParams = RunParams & { task_id: string };

/** Where the task runner writes an attempt's log (Airflow 2.3+ layout). */
export function attemptLogPath(
  stateDir: string,
  dagId: string,
  runId: string,
  taskId: string,
  tryNumber: number,
): string {
  return join(stateDir, 'logs', `dag_id=${dagId}`, `run_id=${runId}`, `task_id=${taskId}`, `attempt=${tryNumber}.log`);
}

/** Task instances, their logs and XCom entries. */
export function registerTaskInstanceRoutes(app: FastifyInstance, deps: ApiDeps, tokens: LogTokens): void {
  const runOf = (p: RunParams) => {
    const run = deps.store.getRun(p.dag_id, p.dag_run_id);
    if (!run) throw dagRunNotFound(p.dag_id, p.dag_run_id);
    return run;
  };
  const tiOf = (p: TiParams, mapIndex = -1) => {
    const run = runOf(p);
    const ti = deps.store.getTaskInstance(p.dag_id, p.dag_run_id, p.task_id, mapIndex);
    if (!ti) throw notFound('Task instance not found', 'Task instance not found');
    return { run, ti };
  };
  registerTaskLogRoute(app, deps, tokens, tiOf);

  app.get<{ Params: RunParams }>('/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances', async (req) => {
    const run = runOf(req.params);
    const page = parsePage(
      req.query as Record<string, unknown>,
      ['task_id', 'start_date', 'end_date', 'state', 'duration'],
      'task_id',
    );
    const tis = deps.store.listTaskInstances(run.dagId, run.runId);
    const { items, total } = paginate(tis, page, (t) =>
      page.orderBy === 'task_id'
        ? t.taskId
        : (t as unknown as Record<string, unknown>)[
            page.orderBy!.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())
          ],
    );
    return { task_instances: items.map((t) => taskInstanceJson(t, run)), total_entries: total };
  });

  app.get<{ Params: TiParams }>('/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id', async (req) => {
    const { run, ti } = tiOf(req.params);
    return taskInstanceJson(ti, run);
  });

  // Airflow 2.10's get_mapped_task_instances: the instances with map_index >= 0, by map index unless ordered.
  app.get<{ Params: TiParams }>(
    '/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/listMapped',
    async (req) => {
      const run = runOf(req.params);
      const { task_id: taskId } = req.params;
      const q = req.query as Record<string, unknown>;
      const page = parsePage(
        { ...q, order_by: typeof q.order_by === 'string' ? q.order_by : 'map_index' },
        ['map_index', 'state', 'duration', 'start_date', 'end_date'],
        'map_index',
      );
      const mapped = deps.store
        .listTaskInstances(run.dagId, run.runId)
        .filter((t) => t.taskId === taskId && t.mapIndex >= 0);
      if (mapped.length === 0) {
        const dag = deps.dags.get(run.dagId);
        if (!dag) throw notFound(`DAG ${run.dagId} not found`, `DAG ${run.dagId} not found`);
        const task = dag.tasks.find((t) => t.taskId === taskId);
        if (!task) throw notFound(`Task id ${taskId} not found`, `Task id ${taskId} not found`);
        if (!task.mapping) throw notFound(`Task id ${taskId} is not mapped`, `Task id ${taskId} is not mapped`);
      }
      const states = ([] as unknown[]).concat(q.state ?? []).map(String);
      const filtered = states.length ? mapped.filter((t) => states.includes(t.state ?? 'none')) : mapped;
      const field = page.orderBy!.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
      const sorted = [...filtered].sort((a, b) => {
        const x = (a as unknown as Record<string, string | number | null>)[field] ?? null;
        const y = (b as unknown as Record<string, string | number | null>)[field] ?? null;
        const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return (page.descending ? -c : c) || (page.orderBy === 'map_index' ? 0 : a.mapIndex - b.mapIndex);
      });
      return {
        task_instances: sorted.slice(page.offset, page.offset + page.limit).map((t) => taskInstanceJson(t, run)),
        total_entries: filtered.length,
      };
    },
  );

  // Airflow 2.10's get_mapped_task_instance: one instance by map index.
  app.get<{ Params: TiParams & { map_index: string } }>(
    '/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/:map_index',
    async (req) => {
      const run = runOf(req.params);
      const raw = req.params.map_index;
      if (!/^-?\d+$/.test(raw)) throw notFound('Not Found', 'The requested URL was not found on the server.');
      const ti = deps.store.getTaskInstance(run.dagId, run.runId, req.params.task_id, Number(raw));
      if (!ti) throw notFound('Task instance not found', 'Task instance not found');
      return taskInstanceJson(ti, run);
    },
  );

  app.get<{ Params: TiParams }>(
    '/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/xcomEntries',
    async (req) => {
      const { run } = tiOf(req.params);
      const page = parsePage(req.query as Record<string, unknown>, ['key'], 'key');
      const xs = deps.store.listXComs(run.dagId, run.runId, req.params.task_id);
      const { items, total } = paginate(xs, page, (x) => x.key);
      return {
        xcom_entries: items.map((x) => ({
          key: x.key,
          timestamp: apiDate(x.timestamp),
          execution_date: apiDate(run.logicalDate),
          map_index: x.mapIndex,
          task_id: x.taskId,
          dag_id: x.dagId,
        })),
        total_entries: total,
      };
    },
  );

  app.get<{ Params: TiParams & { key: string } }>(
    '/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/xcomEntries/:key',
    async (req) => {
      const { run } = tiOf(req.params);
      const x = deps.store.getXCom(run.dagId, run.runId, req.params.task_id, req.params.key);
      if (!x) throw notFound('XCom entry not found', 'XCom entry not found');
      const value = JSON.parse(x.value) as unknown;
      return {
        key: x.key,
        timestamp: apiDate(x.timestamp),
        execution_date: apiDate(run.logicalDate),
        map_index: x.mapIndex,
        task_id: x.taskId,
        dag_id: x.dagId,
        value: typeof value === 'string' ? value : JSON.stringify(value),
      };
    },
  );
}
