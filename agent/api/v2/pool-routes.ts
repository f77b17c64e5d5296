import type { FastifyInstance } from 'fastify';
import { QueryReader } from './query-params.js';
import { HttpError, notFound } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

/** Airflow 3's /pools, read-only: the agent has one pool, Airflow's `default_pool`. */
export function registerPoolRoutes(app: FastifyInstance, deps: V2Deps): void {
  // Pools: the agent has one, Airflow's default_pool (128 slots); its use is counted from the run store.
  const defaultPool = () => {
    const running = deps.api.store.findTaskInstances(['running']).length;
    const queued = deps.api.store.findTaskInstances(['queued']).length;
    const scheduled = deps.api.store.findTaskInstances(['scheduled']).length;
    return {
      name: 'default_pool',
      slots: 128,
      description: 'Default pool',
      include_deferred: false,
      occupied_slots: running + queued,
      running_slots: running,
      queued_slots: queued,
      scheduled_slots: scheduled,
      open_slots: 128 - running - queued,
      deferred_slots: 0,
      team_name: null,
    };
  };
  app.get('/pools', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    q.done();
    const all = [defaultPool()];
    return { pools: all.slice(page.offset, page.offset + page.limit), total_entries: all.length };
  });
  app.get<{ Params: { pool_name: string } }>('/pools/:pool_name', async (req) => {
    if (req.params.pool_name !== 'default_pool')
      throw notFound(`The Pool with name: \`${req.params.pool_name}\` was not found`);
    return defaultPool();
  });
  const readOnlyPools = async () => {
    throw new HttpError(405, 'Method Not Allowed');
  };
  app.post('/pools', readOnlyPools);
  app.patch('/pools/:pool_name', readOnlyPools);
  app.delete('/pools/:pool_name', readOnlyPools);
}
