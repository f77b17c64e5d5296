import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { StartupReport } from '../core/startup-progress.js';
import { notReadyDetail, READY_PATH, RETRY_AFTER_S } from './readiness.js';

/**
 * Airflow's health answer for a scheduler that has not run yet (no heartbeat: unhealthy, null) and no triggerer or
 * DAG processor job: the same shape on /health, /api/v1/health and /api/v2/monitor/health.
 */
export const STARTING_HEALTH = {
  metadatabase: { status: 'healthy' },
  scheduler: { status: 'unhealthy', latest_scheduler_heartbeat: null },
  triggerer: { status: null, latest_triggerer_heartbeat: null },
  dag_processor: { status: null, latest_dag_processor_heartbeat: null },
} as const;

const HEALTH_PATHS = new Set(['/health', '/api/v1/health', '/api/v2/monitor/health']);

export interface EarlyListenerOptions {
  host: string;
  port: number;
  startup: () => StartupReport;
  /** Where a v1 problem's `type` links (problemDocsBase of the configured Airflow version). */
  docsBase: string;
}

/**
 * The API's socket, bound by the CLI before it loads the agent's modules (a second of imports on a busy machine):
 * until the API server adopts it, it answers the health endpoints, the readiness probe (503) and 503 with
 * `Retry-After` for everything else. Only for an address given as an IP (a host name may resolve to several
 * addresses, which Fastify's own listen binds): null otherwise, and the API server listens itself.
 */
export async function listenEarly(o: EarlyListenerOptions): Promise<Server | null> {
  if (isIP(o.host) === 0) return null;
  const server = createServer((req, res) => answerWhileLoading(req, res, o));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: o.host, port: o.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function answerWhileLoading(req: IncomingMessage, res: ServerResponse, o: EarlyListenerOptions): void {
  const path = (req.url ?? '/').split('?')[0]!.replace(/(.)\/$/, '$1');
  const report = o.startup();
  const json = (status: number, body: unknown, type = 'application/json') => {
    if (status === 503) res.setHeader('retry-after', String(RETRY_AFTER_S));
    res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
  };
  // The request body is never read: drain it so the connection can be reused.
  req.resume();
  if (HEALTH_PATHS.has(path)) return json(200, STARTING_HEALTH);
  if (path === READY_PATH) return json(503, report);
  const detail = notReadyDetail(report);
  if (path.startsWith('/api/v2/') || path === '/auth' || path.startsWith('/auth/')) return json(503, { detail });
  json(
    503,
    { type: `${o.docsBase}Unknown`, title: 'Service Unavailable', status: 503, detail },
    'application/problem+json',
  );
}
