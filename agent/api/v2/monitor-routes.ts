import type { FastifyInstance } from 'fastify';
import { apiDate } from '../api-date.js';
import { ImportErrorLedger } from '../import-error-ledger.js';
import { withConnectionTypeNames } from '../../requirements/connection-type-names.js';
import { BUNDLE_NAME } from './dag-shapes.js';
import { QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { rfc3339 } from './rfc3339.js';
import { notFound } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

/**
 * /monitor/health and /version (no token needed, as in Airflow 3), /importErrors, the asset endpoints (the agent
 * reads no assets yet: empty lists and 404s), and the mwaa-agent extension /mwaa-agent/status.
 */
export function registerMonitorRoutes(app: FastifyInstance, deps: V2Deps, startedAt: () => string | null): void {
  const { api } = deps;

  // Airflow 3's shape exactly: a scheduler without a heartbeat yet is unhealthy with null, a DAG processor that
  // has not started (the agent's first read of the DAG folder not begun) has status null, as Airflow reports
  // components without a job. The start's progress is on /mwaa-agent/ready.
  app.get('/monitor/health', async () => {
    const up = startedAt() !== null;
    const loops = api.health?.() ?? { healthy: true, heartbeat: api.clock.now() };
    const scheduler = up ? loops.heartbeat : null;
    const startup = api.startup?.();
    const processing = up && startup?.steps.dag_parse.status !== 'pending';
    // Heartbeats are Python isoformat strings in this response (`+00:00`), unlike the other dates.
    const now = apiDate(api.clock.now().toISOString());
    return {
      metadatabase: { status: loops.store === false ? 'unhealthy' : 'healthy' },
      scheduler: {
        status: scheduler && loops.healthy ? 'healthy' : 'unhealthy',
        latest_scheduler_heartbeat: scheduler ? apiDate(scheduler.toISOString()) : null,
      },
      // The agent runs no triggerer: Airflow reports one that never started this way.
      triggerer: { status: null, latest_triggerer_heartbeat: null },
      dag_processor: processing
        ? { status: loops.healthy ? 'healthy' : 'unhealthy', latest_dag_processor_heartbeat: now }
        : { status: null, latest_dag_processor_heartbeat: null },
    };
  });

  app.get('/version', async () => ({ version: api.requirements().airflowVersion, git_version: null }));

  const ledger = new ImportErrorLedger(api.dagsDir);
  const importErrors = () =>
    ledger.current(api.dags.importErrors(), api.clock.now()).map((e) => ({
      import_error_id: e.import_error_id,
      timestamp: rfc3339(e.timestamp),
      filename: e.filename.slice(api.dagsDir.length + 1),
      bundle_name: BUNDLE_NAME,
      stack_trace: e.stack_trace,
    }));

  app.get('/importErrors', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const pattern = q.str('filename_pattern');
    q.done();
    const order = readOrderBy(
      q,
      ['id', 'import_error_id', 'timestamp', 'filename', 'bundle_name', 'stack_trace'],
      'id',
    );
    const all = importErrors().filter((e) => pattern === undefined || e.filename.includes(pattern));
    const field = (e: ReturnType<typeof importErrors>[number], f: string) =>
      f === 'id' ? e.import_error_id : (e as Record<string, unknown>)[f];
    const { items, total } = sortAndPage(all, order, field, page);
    return { import_errors: items, total_entries: total };
  });

  app.get<{ Params: { import_error_id: string } }>('/importErrors/:import_error_id', async (req) => {
    const q = new QueryReader(req.params, 'path');
    const id = q.int('import_error_id', 0);
    q.done();
    const e = importErrors().find((x) => x.import_error_id === id);
    if (!e) throw notFound(`The ImportError with import_error_id: \`${id}\` was not found`);
    return e;
  });

  const emptyList = (key: string) => async (req: { query: unknown }) => {
    const q = new QueryReader(req.query);
    q.page();
    q.done();
    return { [key]: [], total_entries: 0 };
  };
  app.get('/assets', emptyList('assets'));
  app.get('/assets/events', emptyList('asset_events'));
  app.get('/assets/aliases', emptyList('asset_aliases'));
  app.get<{ Params: { asset_id: string } }>('/assets/:asset_id', async (req) => {
    const q = new QueryReader(req.params, 'path');
    const id = q.int('asset_id', 0);
    q.done();
    throw notFound(`The Asset with ID: \`${id}\` was not found`);
  });
  app.get<{ Params: { asset_alias_id: string } }>('/assets/aliases/:asset_alias_id', async (req) => {
    const q = new QueryReader(req.params, 'path');
    const id = q.int('asset_alias_id', 0);
    q.done();
    throw notFound(`The Asset Alias with ID: \`${id}\` was not found`);
  });

  app.get('/mwaa-agent/status', async () => ({
    mirror: await api.mirrorStatus(),
    requirements: withConnectionTypeNames(api.requirements()),
    startup: api.startup?.() ?? null,
  }));
}
