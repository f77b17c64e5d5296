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
  const tiOf = (p: TiParams) => {
    const run = runOf(p);
    const ti = deps.store.getTaskInstance(p.dag_id, p.dag_run_id, p.task_id);
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
