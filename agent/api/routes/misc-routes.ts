import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { paginate, parsePage } from '../pagination.js';
import { notFound } from '../problem.js';
import { apiDate } from '../api-date.js';
import { ImportErrorLedger } from '../import-error-ledger.js';
import { withConnectionTypeNames } from '../../requirements/connection-type-names.js';

/** /health (no auth), /version, /importErrors, and the mwaa-agent extension /mwaa-agent/status. */
export function registerMiscRoutes(app: FastifyInstance, deps: ApiDeps, startedAt: () => string | null): void {
  // Airflow's shape exactly. While the agent starts, its scheduler has not run a pass yet, so it is reported as
  // Airflow reports a scheduler without a heartbeat: unhealthy, null; the start's progress is on READY_PATH.
  const health = async () => {
    const loops = deps.health?.() ?? { healthy: true, heartbeat: deps.clock.now() };
    const beat = startedAt() !== null ? loops.heartbeat : null;
    return {
      // Airflow's health check queries the metadatabase: unhealthy while the state store cannot be reached.
      metadatabase: { status: loops.store === false ? 'unhealthy' : 'healthy' },
      scheduler: {
        status: beat && loops.healthy ? 'healthy' : 'unhealthy',
        latest_scheduler_heartbeat: beat ? apiDate(beat.toISOString()) : null,
      },
      triggerer: { status: null, latest_triggerer_heartbeat: null },
      dag_processor: { status: null, latest_dag_processor_heartbeat: null },
    };
  };
  app.get('/health', health);
  app.get('/api/v1/health', health);

  app.get('/api/v1/version', async () => ({
    version: deps.requirements().airflowVersion,
    git_version: null,
    mwaa_agent_version: deps.version,
    mwaa_agent_airflow_version_source: deps.airflowVersionSource(),
  }));

  const ledger = new ImportErrorLedger(deps.dagsDir);
  const importErrors = () => ledger.current(deps.dags.importErrors(), deps.clock.now());

  app.get('/api/v1/importErrors', async (req) => {
    const page = parsePage(
      req.query as Record<string, unknown>,
      ['import_error_id', 'timestamp', 'filename'],
      'import_error_id',
    );
    const { items, total } = paginate(
      importErrors(),
      page,
      (e) => (e as unknown as Record<string, string>)[page.orderBy!],
    );
    return { import_errors: items, total_entries: total };
  });

  app.get<{ Params: { id: string } }>('/api/v1/importErrors/:id', async (req) => {
    const e = importErrors().find((x) => String(x.import_error_id) === req.params.id);
    if (!e)
      throw notFound(
        'Import error not found',
        `The ImportError with import_error_id: \`${req.params.id}\` was not found`,
      );
    return e;
  });

  app.get('/api/v1/mwaa-agent/status', async () => ({
    mirror: await deps.mirrorStatus(),
    requirements: withConnectionTypeNames(deps.requirements()),
    startup: deps.startup?.() ?? null,
  }));
}
