import type { FastifyInstance } from 'fastify';
import { QueryReader, sortAndPage } from './query-params.js';
import { xcomJson } from './run-shapes.js';
import { notFound } from './validation-error.js';
import { V2Lookups, type V2Deps } from './v2-deps.js';

type XcomParams = { dag_id: string; dag_run_id: string; task_id: string };

/** GET …/xcomEntries and …/xcomEntries/{key} (the value as stored: JSON, not stringified). */
export function registerXcomRoutes(app: FastifyInstance, deps: V2Deps): void {
  const look = new V2Lookups(deps);
  const { store } = deps.api;

  app.get<{ Params: XcomParams }>(
    '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/xcomEntries',
    async (req) => {
      const q = new QueryReader(req.query);
      const page = q.page();
      const key = q.str('xcom_key');
      const mapIndex = q.int('map_index', -2, { ge: -1 });
      q.done();
      const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = req.params;
      const runs = (dagId === '~' ? store.listRuns(null).runs : [look.dag(dagId) && look.run(dagId, runId)]).filter(
        (r) => runId === '~' || r.runId === runId,
      );
      const entries = runs.flatMap((r) =>
        store
          .listXComs(r.dagId, r.runId, taskId === '~' ? undefined : taskId)
          .filter((x) => (key === undefined || x.key === key) && (mapIndex === -2 || x.mapIndex === mapIndex))
          .map((x) => ({ x, r })),
      );
      const { items, total } = sortAndPage(
        entries,
        [
          { field: 'task_id', descending: false },
          { field: 'key', descending: false },
        ],
        (e, f) => (f === 'key' ? e.x.key : e.x.taskId),
        page,
      );
      return { xcom_entries: items.map(({ x, r }) => xcomJson(x, r)), total_entries: total };
    },
  );

  app.get<{ Params: XcomParams & { key: string } }>(
    '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/xcomEntries/*',
    async (req) => {
      const q = new QueryReader(req.query);
      const mapIndex = q.int('map_index', -1, { ge: -1 });
      q.bool('deserialize');
      q.bool('stringify');
      q.done();
      const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = req.params;
      const key = (req.params as unknown as Record<string, string>)['*']!;
      const run = store.getRun(dagId, runId);
      const x = run
        ? store.listXComs(dagId, runId, taskId).find((e) => e.key === key && e.mapIndex === mapIndex)
        : undefined;
      if (!run || !x) throw notFound(`XCom entry with key: \`${key}\` not found`);
      return { ...xcomJson(x, run), value: JSON.parse(x.value) as unknown };
    },
  );
}
